// Node edge: governance settings of a registry, `<data>/governance.json` (optional):
//   { "triggers": [{ "action": "retire", "minFp": 0.5, "minReviewed": 30 }, …],
//     "replayGate": { "maxLost": 100, "maxMoneyLost": 5000, "maxGained": 1000, "maxMoneyGained": 20000, "maxExpectedFp": 50 } }
// Read on every use (it is tiny), so editing it takes effect without a restart.
// LIANGKU_REPLAY_GATE="maxLost=100,maxMoneyLost=5000" (environment of `serve`) sets gate limits too;
// when both are given the file's limits win, one by one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGate, parseGateSpec, type GateLimits } from './gate.js';
import { checkTriggers, DEFAULT_TRIGGERS, type Trigger } from './triggers.js';

export interface GovernanceConfig {
  readonly triggers: readonly Trigger[];
  readonly replayGate: GateLimits | null;
  readonly problems: readonly string[];
}

export const CONFIG_FILE = 'governance.json';

export function loadGovernanceConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): GovernanceConfig {
  const fromFile = loadFile(dataDir);
  const spec = env['LIANGKU_REPLAY_GATE'];
  if (!spec) return fromFile;
  const g = parseGateSpec(spec);
  return {
    ...fromFile,
    replayGate: { ...g.value, ...(fromFile.replayGate ?? {}) },
    problems: [...fromFile.problems, ...g.problems.map((p) => `LIANGKU_REPLAY_GATE: ${p}`)],
  };
}

function loadFile(dataDir: string): GovernanceConfig {
  const path = join(dataDir, CONFIG_FILE);
  if (!existsSync(path)) return { triggers: DEFAULT_TRIGGERS, replayGate: null, problems: [] };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    return { triggers: DEFAULT_TRIGGERS, replayGate: null, problems: [`${path}: not valid JSON (${(e as Error).message})`] };
  }
  const problems: string[] = [];
  let triggers: readonly Trigger[] = DEFAULT_TRIGGERS;
  if (raw['triggers'] !== undefined) {
    const t = checkTriggers(raw['triggers']);
    triggers = t.value;
    problems.push(...t.problems.map((p) => `${path}: ${p}`));
  }
  let replayGate: GateLimits | null = null;
  if (raw['replayGate'] !== undefined && raw['replayGate'] !== null) {
    const g = checkGate(raw['replayGate']);
    replayGate = g.value;
    problems.push(...g.problems.map((p) => `${path}: ${p}`));
  }
  return { triggers, replayGate, problems };
}
