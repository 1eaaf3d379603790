// The registry's replay gate: when `<data>/governance.json` has "replayGate" limits, a publish must
// carry a replay report (`{ artifact, replay }`, replay from `liangku replay --json`) of exactly the
// artifact being published, and the report's totals must be within the limits. Otherwise the
// registry answers 422 with the numbers. A missing limit means "no limit on that number".
import type { ReplayReport } from './replay.js';

export interface GateLimits {
  readonly maxLost?: number; // findings lost (incl. moved to shadow)
  readonly maxMoneyLost?: number; // yuan
  readonly maxGained?: number;
  readonly maxMoneyGained?: number;
  readonly maxChanged?: number;
  readonly maxExpectedFp?: number;
  /** Fewest requests the replay must cover (default 1). */
  readonly minRequests?: number;
}

export const GATE_LIMITS = ['maxLost', 'maxMoneyLost', 'maxGained', 'maxMoneyGained', 'maxChanged', 'maxExpectedFp', 'minRequests'] as const;

export interface Exceeded {
  readonly limit: (typeof GATE_LIMITS)[number];
  readonly allowed: number;
  readonly actual: number;
}

export function checkGate(x: unknown): { value: GateLimits; problems: string[] } {
  const problems: string[] = [];
  const out: Record<string, number> = {};
  if (!x || typeof x !== 'object' || Array.isArray(x)) return { value: {}, problems: ['"replayGate" must be an object of limits'] };
  for (const [k, v] of Object.entries(x)) {
    if (!(GATE_LIMITS as readonly string[]).includes(k)) problems.push(`replayGate.${k} is not a limit (use ${GATE_LIMITS.join(', ')})`);
    else if (typeof v !== 'number' || !(v >= 0)) problems.push(`replayGate.${k} must be a number ≥ 0`);
    else out[k] = v;
  }
  return { value: out as GateLimits, problems };
}

/** Parse `MAXLOST=10,MAXMONEYLOST=500` (case-insensitive names) into limits. */
export function parseGateSpec(spec: string): { value: GateLimits; problems: string[] } {
  const obj: Record<string, number> = {};
  const problems: string[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k = '', v = ''] = part.split('=');
    const name = GATE_LIMITS.find((l) => l.toLowerCase() === k.trim().toLowerCase().replace(/[-_]/g, ''));
    if (!name || v.trim() === '' || !(Number(v) >= 0)) problems.push(`"${part}" is not LIMIT=NUMBER (limits: ${GATE_LIMITS.join(', ')})`);
    else obj[name] = Number(v);
  }
  return { value: obj as GateLimits, problems };
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A replay report well enough formed to judge (it comes from a client). */
export function asReplayReport(x: unknown): ReplayReport | string {
  const r = x as Partial<ReplayReport> | null;
  if (!r || typeof r !== 'object') return 'the replay report is missing or not an object';
  if (r.format !== 'liangku-replay/1') return 'the replay report is not a `liangku replay --json` report (format liangku-replay/1)';
  if (!r.new || typeof r.new.hash !== 'string' || !r.old || typeof r.old.hash !== 'string') return 'the replay report lacks the old/new pack hashes';
  const t = r.totals as unknown as Record<string, unknown> | undefined;
  if (!t || !['gained', 'lost', 'changed', 'moneyGained', 'moneyLost', 'expectedFp'].every((k) => isNum(t[k])) || !isNum(r.requests)) {
    return 'the replay report lacks its totals';
  }
  return r as ReplayReport;
}

export function exceededLimits(report: ReplayReport, limits: GateLimits): Exceeded[] {
  const t = report.totals;
  const out: Exceeded[] = [];
  const over = (limit: Exceeded['limit'], actual: number) => {
    const allowed = limits[limit];
    if (allowed !== undefined && actual > allowed) out.push({ limit, allowed, actual });
  };
  over('maxLost', t.lost);
  over('maxMoneyLost', t.moneyLost);
  over('maxGained', t.gained);
  over('maxMoneyGained', t.moneyGained);
  over('maxChanged', t.changed);
  over('maxExpectedFp', t.expectedFp);
  const minReq = limits.minRequests ?? 1;
  if (report.requests < minReq) out.push({ limit: 'minRequests', allowed: minReq, actual: report.requests });
  return out;
}
