// One-time Monaco setup, shared by every <lk-editor> on the page: the editor core with its features
// (no bundled languages), Monaco's own worker, our language (Monarch + providers) and our worker.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/register.all.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import LkWorker from '../worker/lk-worker.ts?worker';
import { bundledPacks } from '../packs/bundled.js';
import { LANGUAGE_ID, registerProviders } from './adapters.js';
import { languageConfiguration, monarchLanguage } from './monarch.js';
import { LkWorkerClient } from './worker-client.js';

export { monaco };

export interface LkLanguage {
  readonly monaco: typeof monaco;
  readonly client: LkWorkerClient;
  /** Resolves once the worker holds the workspace. */
  readonly ready: Promise<string[]>;
}

let instance: LkLanguage | null = null;

export function lkLanguage(): LkLanguage {
  if (instance) return instance;
  (self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.lk'], aliases: ['liangku', '两库规则语言'] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarchLanguage());
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, languageConfiguration);
  monaco.editor.defineTheme('liangku', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '0b57d0', fontStyle: 'bold' },
      { token: 'keyword.soft', foreground: '7b3fbf' },
      { token: 'type', foreground: 'b0610e' },
      { token: 'string.placeholder', foreground: '0a7d5a', fontStyle: 'bold' },
      { token: 'number.date', foreground: '098658' },
      { token: 'comment', foreground: '6a737d', fontStyle: 'italic' },
    ],
    colors: {},
  });
  const client = new LkWorkerClient(new LkWorker());
  registerProviders(monaco, client);
  instance = { monaco, client, ready: client.setWorkspace(bundledPacks()) };
  return instance;
}
