// `--pack ARTIFACT_OR_DIR`: a built artifact JSON file, or a pack directory compiled on the spot.
import { readFile, stat } from 'node:fs/promises';
import { compilePackDir } from '../../compiler/index.js';
import { hasErrors } from '../../dsl/diagnostics/diagnostic.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { printDiagnostics, type Lang } from './print-diagnostics.js';

export async function loadArtifact(path: string, lang: Lang): Promise<Artifact | string> {
  const st = await stat(path).catch(() => null);
  if (!st) return `${path}: no such file or directory`;
  if (st.isDirectory()) {
    const r = await compilePackDir(path);
    const texts = new Map([...r.value.files.values()].map((f) => [f.display, f.text]));
    printDiagnostics(r.diagnostics.filter((d) => d.severity === 'error'), texts, lang);
    if (hasErrors(r.diagnostics) || !r.value.artifact) return `${path}: the pack has errors (see above)`;
    return r.value.artifact;
  }
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Artifact;
  } catch (e) {
    return `${path}: not an artifact JSON file (${(e as Error).message})`;
  }
}
