// An engine following a pack in the registry: poll `GET {url}/api/packs/{id}/{range}` with
// If-None-Match (the registry's ETag is the artifact's content hash), load every new artifact with
// loadPack (hash and, with a public key, signature checked), and swap it in atomically. Each
// evaluation takes `current()` once and keeps that object, so a swap never changes a pack under an
// evaluation in flight. The last good artifact is kept in `cacheFile` (temp file + rename) and loaded
// first on start, so an engine restarts without the registry.
// This is the runtime's only file that touches the network or the disk (fetch, node:fs/promises).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { LoadOptions } from '../api.js';
import { loadPack } from '../load/load-pack.js';
import type { LoadedPack } from '../load/loaded-pack.js';

export interface WatchError {
  /** network: registry unreachable; http: an unexpected status; invalid: the artifact was refused;
   *  wrong-pack: the registry sent another pack id; cache-read / cache-write: the cache file. */
  readonly code: 'network' | 'http' | 'invalid' | 'wrong-pack' | 'cache-read' | 'cache-write';
  readonly message: string;
  readonly status?: number;
  readonly diagnostics?: readonly { readonly code: string; readonly message: string }[];
}

export interface SwapInfo {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
  /** Where the new pack came from. */
  readonly source: 'registry' | 'cache';
  /** The pack it replaced (null for the first one). */
  readonly previous: LoadedPack | null;
}

export interface WatchOptions {
  /** Time between polls (default 60 s). */
  readonly intervalMs?: number;
  /** Where the last good artifact is kept; loaded first on start. */
  readonly cacheFile?: string;
  /** ed25519 public key (PEM): every artifact, from the registry or the cache, must be signed by it. */
  readonly publicKey?: string;
  /** Other load options (knowledge snapshots, mode) applied to every artifact. */
  readonly load?: Omit<LoadOptions, 'publicKey'>;
  /** Called after each swap, including the first pack (from the cache or the registry). */
  readonly onSwap?: (pack: LoadedPack, info: SwapInfo) => void;
  /** Called for each problem; the current pack is kept. */
  readonly onError?: (error: WatchError) => void;
  /** Extra request headers (e.g. authorization for a private registry). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type PollOutcome = 'swapped' | 'unchanged' | 'failed';

export interface WatchStats {
  polls: number;
  notModified: number;
  swaps: number;
  failures: number;
}

export interface PackWatcher {
  /** The pack to use for ONE evaluation (take it once per evaluation); null until a pack is loaded. */
  current(): LoadedPack | null;
  /** Resolves once the cache file was tried and the first poll finished (with the pack then current). */
  readonly ready: Promise<LoadedPack | null>;
  /** Poll now (polls never overlap: a call during a poll waits for it). */
  poll(): Promise<PollOutcome>;
  /** Stop polling; resolves after a poll in flight has finished. */
  stop(): Promise<void>;
  readonly stats: Readonly<WatchStats>;
}

/** `id@range` → parts; a bare id follows "latest". */
export function parsePackRef(ref: string): { id: string; range: string } {
  const at = ref.indexOf('@');
  return at < 0 ? { id: ref, range: 'latest' } : { id: ref.slice(0, at), range: ref.slice(at + 1) || 'latest' };
}

/**
 * Follow `ref` ("nhsa.audit@^1.0.0", or a bare id for its latest version) in the registry at `url`.
 * Never throws: problems go to onError and the current pack stays.
 */
export function watchPack(url: string, ref: string, options: WatchOptions = {}): PackWatcher {
  const { id, range } = parsePackRef(ref);
  const endpoint = `${url.replace(/\/+$/, '')}/api/packs/${encodeURIComponent(id)}/${encodeURIComponent(range)}`;
  const intervalMs = Math.max(10, options.intervalMs ?? 60_000);
  const stats: WatchStats = { polls: 0, notModified: 0, swaps: 0, failures: 0 };
  let pack: LoadedPack | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<PollOutcome> | null = null;
  let abort: AbortController | null = null;
  /** ETag of an artifact refused once: named in If-None-Match so it is neither fetched nor reported again. */
  let refused: string | null = null;

  const report = (e: WatchError) => {
    stats.failures++;
    try {
      options.onError?.(e);
    } catch {
      // a failing callback must not stop the watcher
    }
  };

  /** Parse and load an artifact text (hash, signature, pack id checked); null after reporting why not. */
  const validate = (json: string, source: SwapInfo['source']): LoadedPack | null => {
    let artifact: unknown;
    try {
      artifact = JSON.parse(json);
    } catch (e) {
      report({ code: source === 'cache' ? 'cache-read' : 'invalid', message: `${source === 'cache' ? 'the cache file' : 'the registry answer'} is not JSON (${(e as Error).message}) / 不是有效的 JSON` });
      return null;
    }
    const { value, diagnostics } = loadPack(artifact, { ...options.load, ...(options.publicKey !== undefined ? { publicKey: options.publicKey } : {}) });
    if (!value) {
      const where = source === 'cache' ? `cache file ${options.cacheFile}` : endpoint;
      report({ code: source === 'cache' ? 'cache-read' : 'invalid', message: `refused the artifact from ${where}: ${diagnostics.map((d) => d.message).join('; ')}`, diagnostics });
      return null;
    }
    const m = value.artifact.manifest;
    if (m.id !== id) {
      report({ code: 'wrong-pack', message: `expected pack ${id} but ${source === 'cache' ? 'the cache file holds' : 'the registry sent'} ${m.id}@${m.version} / 规则包标识不符` });
      return null;
    }
    return value;
  };

  /** Make a validated pack current. */
  const swap = (value: LoadedPack, source: SwapInfo['source']): void => {
    const previous = pack;
    pack = value; // the swap: one reference assignment; holders of the old object keep it
    stats.swaps++;
    const m = value.artifact.manifest;
    try {
      options.onSwap?.(value, { id: m.id, version: m.version, hash: value.artifact.hash, source, previous });
    } catch {
      // a failing callback must not undo the swap
    }
  };

  const writeCache = async (json: string) => {
    const file = options.cacheFile;
    if (!file) return;
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      const dir = file.replace(/[\\/][^\\/]*$/, '');
      if (dir && dir !== file) await mkdir(dir, { recursive: true });
      // Write then rename: a crash leaves the old cache or the new one, never half a file.
      await writeFile(tmp, json, 'utf8');
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      report({ code: 'cache-write', message: `could not write the cache file ${file}: ${(e as Error).message}` });
    }
  };

  const pollOnce = async (): Promise<PollOutcome> => {
    stats.polls++;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const known = [pack?.artifact.hash, refused].filter((t): t is string => !!t);
    if (known.length) headers['if-none-match'] = known.map((t) => `"${t}"`).join(', ');
    let res: Response;
    let body: string;
    abort = new AbortController();
    try {
      res = await fetch(endpoint, { headers, signal: abort.signal });
      body = res.status === 200 ? await res.text() : '';
      if (res.status !== 200) await res.body?.cancel().catch(() => undefined);
    } catch (e) {
      if (stopped) return 'unchanged';
      report({ code: 'network', message: `cannot reach the registry at ${endpoint}: ${(e as Error).message}; keeping the current pack / 无法连接规则库` });
      return 'failed';
    } finally {
      abort = null;
    }
    if (res.status === 304) {
      stats.notModified++;
      return 'unchanged';
    }
    if (res.status !== 200) {
      report({ code: 'http', status: res.status, message: `the registry answered ${res.status} for ${endpoint}; keeping the current pack` });
      return 'failed';
    }
    // A registry without If-None-Match support may send the same artifact again: not a swap.
    const etag = res.headers.get('etag')?.replace(/^W\//, '').replace(/"/g, '');
    if (pack && etag === pack.artifact.hash && hashOf(body) === pack.artifact.hash) {
      stats.notModified++;
      return 'unchanged';
    }
    const loaded = validate(body, 'registry');
    if (!loaded) {
      refused = etag ?? null;
      return 'failed';
    }
    refused = null;
    // Cache first: once an engine runs a pack, a restart finds that same pack on disk.
    await writeCache(body);
    if (stopped) return 'unchanged';
    swap(loaded, 'registry');
    return 'swapped';
  };

  const poll = (): Promise<PollOutcome> => {
    if (stopped) return Promise.resolve('unchanged');
    if (!inFlight) inFlight = pollOnce().finally(() => (inFlight = null));
    return inFlight;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void poll().finally(schedule), intervalMs);
    // An engine's own work keeps the process alive, not the watcher.
    (timer as { unref?: () => void }).unref?.();
  };

  const start = async (): Promise<LoadedPack | null> => {
    if (options.cacheFile) {
      let json: string | undefined;
      try {
        json = await readFile(options.cacheFile, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') report({ code: 'cache-read', message: `could not read the cache file ${options.cacheFile}: ${(e as Error).message}` });
      }
      const cached = json !== undefined && !stopped ? validate(json, 'cache') : null;
      if (cached) swap(cached, 'cache');
    }
    await poll();
    schedule();
    return pack;
  };

  const ready = start();
  return {
    current: () => pack,
    ready,
    poll,
    stats,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort?.abort();
      await inFlight?.catch(() => undefined);
      await ready.catch(() => undefined);
    },
  };
}

/** The `hash` field of an artifact text, without a full load (only to recognise a re-sent artifact). */
function hashOf(json: string): string | undefined {
  try {
    const h = (JSON.parse(json) as { hash?: unknown }).hash;
    return typeof h === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}
