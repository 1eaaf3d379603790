// Loaded packs for evaluation over HTTP, keyed by artifact content hash. Loading (validation, hash
// check, code generation) costs far more than one evaluation, so each artifact is loaded once and
// kept in a small LRU; the hash key means a re-published or yanked version can never be served stale.
import { loadPack, type LoadedPack } from '../runtime/index.js';
import { readArtifactFile } from './store/artifact-files.js';

export interface LoadOutcome {
  pack: LoadedPack | null;
  /** Why the artifact could not be loaded (only when pack is null). */
  problem?: string;
}

export class EvalCache {
  private readonly packs = new Map<string, LoadedPack>();
  /** How many times an artifact was actually loaded (tests check it is once per hash). */
  loads = 0;

  constructor(
    private readonly artifactsDir: string,
    readonly capacity = 8,
  ) {}

  get size(): number {
    return this.packs.size;
  }

  has(hash: string): boolean {
    return this.packs.has(hash);
  }

  /** The loaded pack for this content hash, loading it from the data directory on a miss. */
  get(hash: string): LoadOutcome {
    const hit = this.packs.get(hash);
    if (hit) {
      // Re-insert so Map order is least-recently-used first.
      this.packs.delete(hash);
      this.packs.set(hash, hit);
      return { pack: hit };
    }
    const json = readArtifactFile(this.artifactsDir, hash);
    if (json === undefined) return { pack: null, problem: 'the stored artifact file is missing from the data directory' };
    let artifact: unknown;
    try {
      artifact = JSON.parse(json);
    } catch {
      return { pack: null, problem: 'the stored artifact file is not valid JSON' };
    }
    this.loads++;
    const { value, diagnostics } = loadPack(artifact);
    if (!value) return { pack: null, problem: diagnostics.map((d) => d.message).join('; ') || 'the artifact cannot be loaded' };
    this.packs.set(hash, value);
    while (this.packs.size > this.capacity) this.packs.delete(this.packs.keys().next().value as string);
    return { pack: value };
  }
}
