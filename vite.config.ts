// Builds the studio: `vite build` → the app in dist/studio (base './', servable from any path);
// `vite build --mode lib` → the components as a library in dist/studio-lib.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig(({ mode }) => {
  const lib = mode === 'lib';
  return {
    root: here('./studio'),
    base: './',
    resolve: {
      // The compiler core is browser-safe except emit/canonical, which import node:crypto for hashing
      // and signing; the studio only checks (checkOnly), so a stub that throws stands in.
      alias: [{ find: /^node:crypto$/, replacement: here('./studio/shims/node-crypto.ts') }],
    },
    worker: { format: 'es' },
    server: { fs: { allow: [here('.')] }, proxy: { '/api': process.env.LIANGKU_API ?? 'http://127.0.0.1:7300' } },
    build: lib
      ? {
          outDir: here('./dist/studio-lib'),
          emptyOutDir: true,
          lib: { entry: here('./studio/lib.ts'), formats: ['es'], fileName: 'lk-studio' },
          chunkSizeWarningLimit: 6000,
        }
      : {
          outDir: here('./dist/studio'),
          emptyOutDir: true,
          // The app, and a page showing how a host embeds <lk-editor> and listens to its events.
          rollupOptions: { input: { index: here('./studio/index.html'), embed: here('./studio/embed.html') } },
          chunkSizeWarningLimit: 6000,
        },
  };
});
