// Small timing helpers: median of repetitions, a gc() that works without --expose-gc, number formats.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as (() => void) | undefined;

export function gc(): void {
  if (typeof gcFn === 'function') {
    gcFn();
    gcFn();
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time (ms) of `reps` calls of `fn` after `warmup` untimed calls. */
export function timeMedian(fn: () => unknown, reps: number, warmup = 1): { median: number; reps: number[] } {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    gc();
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return { median: median(out), reps: out };
}

export const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
export const fmtMs = (x: number): string => (x >= 100 ? Math.round(x).toString() : x.toFixed(1));

/** One timed run: wall ms and this process's CPU ms (user + system), which load from others disturbs less. */
export function measure(fn: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
}
