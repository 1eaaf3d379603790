// The acceptance loop on a generated history (5,000 requests; the 50,000 run is in docs/governance.md):
// outcomes → stats ranks the 60%-overturned rule first → a new version moves it to shadow → replay
// shows its findings gone and the money change → the registry's replay gate refuses a publish over
// its limit with the numbers and accepts one within it, recording the lifecycle change.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as outcomesCmd from '../../cli/commands/outcomes.js';
import * as replayCmd from '../../cli/commands/replay.js';
import * as statsCmd from '../../cli/commands/stats.js';
import { csvLine, generateHistory, OUTCOME_COLUMNS } from '../../governance/gen-history.js';
import type { StatsReport } from '../../governance/metrics.js';
import { replay, type ReplayReport } from '../../governance/replay.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { evaluate, type LoadedPack } from '../../runtime/index.js';
import { buildApp } from '../../server/app.js';
import { createToken } from '../../server/tokens.js';
import { demoPack, runCli, tempDir } from './helpers.js';

const N = 5000;
let dir: string;
let done: () => void;
let requests: Record<string, unknown>[];
let base: { artifact: Artifact; pack: LoadedPack };
let shadow: { artifact: Artifact; pack: LoadedPack };
let data: string;

beforeAll(async () => {
  ({ dir, done } = tempDir());
  data = join(dir, 'data');
  base = await demoPack('governance/demo');
  shadow = await demoPack('governance/demo-shadow');
  requests = [];
  const csv = [OUTCOME_COLUMNS.join(',')];
  for (const h of generateHistory(base.pack, { n: N, seed: 7 })) {
    requests.push(h.request);
    for (const o of h.outcomes) csv.push(csvLine(o));
  }
  writeFileSync(join(dir, 'outcomes.csv'), csv.join('\n') + '\n');
  writeFileSync(join(dir, 'requests.jsonl'), requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = await runCli(outcomesCmd, ['import', join(dir, 'outcomes.csv'), '--data', data, '--lang', 'en']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
}, 120_000);

afterAll(() => done?.());

describe('stats over a generated history', () => {
  it('ranks the rule overturned 60% of the time first, with 60% inside its Wilson interval, and proposes retiring it', async () => {
    const r = await runCli(statsCmd, ['--data', data, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as StatsReport;
    const [first, ...rest] = report.rules;
    expect(first!.rule).toBe('GD0002');
    expect(first!.reviewed).toBeGreaterThan(300);
    expect(first!.fp.lo).toBeLessThanOrEqual(0.6);
    expect(first!.fp.hi).toBeGreaterThanOrEqual(0.6);
    expect(Math.abs(first!.fp.p - 0.6)).toBeLessThan(0.06);
    expect(first!.proposal?.action).toBe('retire');
    for (const x of rest) {
      expect(x.fp.p).toBeLessThan(0.3);
      expect(x.proposal).toBeNull();
    }
    // Overturning needs an appeal in the generated data, so the appeal rate is at least the overturn rate.
    expect(first!.appealRate).toBeGreaterThanOrEqual(first!.overturned / first!.hits);
    expect(first!.moneyUpheld).toBeLessThan(first!.moneyFlagged);
  });

  it('prints a table with the worst rule on the first data row, and splits by month on request', async () => {
    const r = await runCli(statsCmd, ['--data', data, '--lang', 'en']);
    expect(r.out.split('\n')[1]).toMatch(/^GD0002 .*propose retire/);
    const m = await runCli(statsCmd, ['--data', data, '--by', 'month', '--json', '--min-reviewed', '5']);
    const rep = JSON.parse(m.out) as StatsReport;
    expect(rep.rules.every((x) => /^\d{4}-\d{2}$/.test(x.group ?? '') && x.reviewed >= 5)).toBe(true);
    expect(new Set(rep.rules.map((x) => x.group)).size).toBeGreaterThan(12);
  });

  it('refuses a bad --by', async () => {
    expect((await runCli(statsCmd, ['--data', data, '--by', 'weekday'])).code).toBe(2);
  });
});

describe('replay of the shadow version', () => {
  let report: ReplayReport;
  beforeAll(async () => {
    report = await replay(base.pack, shadow.pack, requests, { fpRates: new Map([['GD0001', { rate: 0.1 }]]) });
  }, 120_000);

  it('moves every GD0002 finding out of the results into shadow and leaves the other rules alone', () => {
    const g2 = report.rules.find((r) => r.rule === 'GD0002')!;
    expect(g2.oldFindings).toBeGreaterThan(0);
    expect(g2.newFindings).toBe(0);
    expect(g2.lost).toBe(g2.oldFindings);
    expect(g2.movedToShadow).toBe(g2.oldFindings);
    expect(g2.moneyLost).toBe(g2.oldMoney);
    for (const r of report.rules.filter((x) => x.rule !== 'GD0002')) {
      expect([r.gained, r.lost, r.changed]).toEqual([0, 0, 0]);
      expect(r.newMoney).toBe(r.oldMoney);
    }
    expect(report.totals.moneyLost).toBe(g2.oldMoney);
    expect(report.totals.newMoney).toBeCloseTo(report.totals.oldMoney - g2.oldMoney, 2);
    const g1 = report.rules.find((r) => r.rule === 'GD0001')!;
    expect(g1.expectedFp).toBeCloseTo(0.1 * g1.newFindings, 2);
    expect(report.requests).toBe(N);
    expect(report.throughput.oldPerSecond).toBeGreaterThan(0);
  });

  it('a request flagged by GD0002 under 1.0.0 has it in shadow, not in findings, under 1.1.0', () => {
    const req = requests.find((r) => evaluate(base.pack, r).findings.some((f) => f.rule_id === 'GD0002'))!;
    const after = evaluate(shadow.pack, req);
    expect(after.findings.some((f) => f.rule_id === 'GD0002')).toBe(false);
    expect(after.shadow?.some((f) => f.rule_id === 'GD0002')).toBe(true);
  });

  it('the CLI prints the same numbers and writes the JSON report', async () => {
    const out = join(dir, 'replay.json');
    const r = await runCli(replayCmd, ['--pack', 'governance/demo-shadow', '--against', 'governance/demo', join(dir, 'requests.jsonl'), '--data', data, '--json', '-o', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as ReplayReport;
    expect(j.totals.lost).toBe(report.totals.lost);
    expect(j.totals.moneyLost).toBe(report.totals.moneyLost);
    // With outcomes in the data dir, expected false positives come from the measured rates.
    expect(j.rules.find((x) => x.rule === 'GD0001')!.fpRate).toBeGreaterThan(0);
    expect(j.rules.find((x) => x.rule === 'GD0002')!.expectedFp).toBe(0);
  }, 60_000);
});

describe('the registry replay gate', () => {
  let app: FastifyInstance;
  let token: string;
  let report: ReplayReport;
  const post = (body: unknown) => app.inject({ method: 'POST', url: '/api/packs', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  beforeAll(async () => {
    app = await buildApp({ dataDir: join(dir, 'registry') });
    token = createToken(app.registryStore.db, { name: 'xinzhou', region: '140900', role: 'publisher' }).secret;
    writeFileSync(join(dir, 'registry', 'governance.json'), JSON.stringify({ replayGate: { maxLost: 100, maxMoneyLost: 1000 } }));
    report = await replay(base.pack, shadow.pack, requests.slice(0, 1000));
  }, 60_000);
  afterAll(async () => app?.close());

  it('lets a first publication with nothing to compare against through', async () => {
    const r = await post(base.artifact);
    expect(r.statusCode).toBe(201);
  });

  it('requires a replay report', async () => {
    const r = await post(shadow.artifact);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('replay_gate');
    expect(r.json().error.message).toMatch(/liangku replay/);
  });

  it('refuses a version whose replay exceeds the limits, with the numbers', async () => {
    const r = await post({ artifact: shadow.artifact, replay: report });
    expect(r.statusCode).toBe(422);
    const body = r.json();
    expect(body.replay.exceeded).toEqual([
      { limit: 'maxLost', allowed: 100, actual: report.totals.lost },
      { limit: 'maxMoneyLost', allowed: 1000, actual: report.totals.moneyLost },
    ]);
    expect(body.error.message).toContain(`maxLost: ${report.totals.lost} (allowed at most 100)`);
    expect(report.totals.lost).toBeGreaterThan(100);
  });

  it('refuses a report made for another artifact', async () => {
    const r = await post({ artifact: shadow.artifact, replay: { ...report, new: { ...report.new, hash: 'f'.repeat(64) } } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.message).toMatch(/another artifact/);
  });

  it('accepts it within the limits and records the lifecycle change with reason and author', async () => {
    writeFileSync(join(dir, 'registry', 'governance.json'), JSON.stringify({ replayGate: { maxLost: 100000, maxMoneyLost: 1e9 } }));
    const r = await post({ artifact: shadow.artifact, replay: report });
    expect(r.statusCode).toBe(201);
    const life = (await app.inject({ method: 'GET', url: '/api/governance/lifecycle?pack=governance.demo.shadow' })).json();
    expect(life.events).toHaveLength(1);
    expect(life.events[0].actor).toMatch(/^xinzhou/);
    expect(life.events[0].against).toBe('governance.demo@1.0.0');
    expect(life.events[0].changes).toEqual([
      expect.objectContaining({ rule: 'GD0002', from: 'active', to: 'shadow', reason: expect.stringContaining('先转影子观察') }),
    ]);
    const kinds = (await app.inject({ method: 'GET', url: '/api/events' })).json().events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['publish', 'lifecycle', 'replay-gate']));
  });
});
