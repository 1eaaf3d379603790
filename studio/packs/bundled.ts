// The packs shipped with liangku, bundled as text: every .lk file and the tests' JSON requests.
// The national knowledge CSVs (≈10 MB) are deliberately left out: the studio checks with
// `checkOnly`, which reads table declarations, not rows.
import type { PackFiles } from '../worker/protocol.js';

const lk = import.meta.glob('../../rulepacks/*/**/*.lk', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const json = import.meta.glob('../../rulepacks/*/tests/**/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

let memo: PackFiles[] | null = null;

/**
 * `../../rulepacks/shanxi/tests/visit.json` → label `rulepacks/shanxi`, path `tests/visit.json`.
 * One array per page: <lk-studio> compares its `packs` with it by identity, so a studio on the
 * default workspace never resets the worker (which would drop a host editor's own files).
 */
export function bundledPacks(): PackFiles[] {
  return (memo ??= collect());
}

function collect(): PackFiles[] {
  const packs = new Map<string, Record<string, string>>();
  for (const [key, text] of Object.entries({ ...lk, ...json })) {
    const m = /rulepacks\/([^/]+)\/(.+)$/.exec(key);
    if (!m) continue;
    const label = `rulepacks/${m[1]}`;
    if (!packs.has(label)) packs.set(label, {});
    packs.get(label)![m[2]!] = text;
  }
  return [...packs].sort(([a], [b]) => a.localeCompare(b)).map(([label, files]) => ({ label, files }));
}
