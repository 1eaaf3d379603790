// The governance HTTP surface: outcomes in with a token (row errors → 422, nothing stored), metrics
// out, config and gate limits from the data dir or the environment.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGovernanceConfig } from '../../governance/config.js';
import { exceededLimits, parseGateSpec } from '../../governance/gate.js';
import type { ReplayReport } from '../../governance/replay.js';
import { buildApp } from '../../server/app.js';
import { createToken } from '../../server/tokens.js';
import { tempDir } from './helpers.js';

let app: FastifyInstance;
let reviewer: string;
let t: { dir: string; done: () => void };

const row = (over: Record<string, unknown>) => ({ request_id: 'R', rule_code: 'X1', finding_date: '2025-05-01', amount_flagged: 10, stage_reached: '复审', decision: '撤销', ...over });

beforeAll(async () => {
  t = tempDir();
  app = await buildApp({ dataDir: t.dir });
  reviewer = createToken(app.registryStore.db, { name: 'rev', region: '140900', role: 'reviewer' }).secret;
});
afterAll(async () => {
  await app.close();
  t.done();
});

const postOutcomes = (body: unknown, token: string | null = reviewer) =>
  app.inject({ method: 'POST', url: '/api/governance/outcomes', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: JSON.stringify(body) });

describe('governance routes', () => {
  it('needs a token to import outcomes', async () => {
    expect((await postOutcomes({ rows: [row({})] }, null)).statusCode).toBe(401);
  });

  it('refuses a batch with a bad row, naming the row and column, and stores nothing', async () => {
    const r = await postOutcomes({ rows: [row({}), row({ stage_reached: '二审' })], source: 'batch-1' });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toEqual([expect.objectContaining({ file: 'batch-1', row: 2, column: 'stage_reached' })]);
    const stats = (await app.inject({ method: 'GET', url: '/api/governance/stats' })).json();
    expect(stats.rules).toEqual([]);
  });

  it('stores a valid batch and serves the metrics worst first', async () => {
    const rows = [
      ...Array.from({ length: 4 }, () => row({ rule_code: 'X1' })),
      row({ rule_code: 'X1', decision: '维持', stage_reached: '初审' }),
      ...Array.from({ length: 5 }, () => row({ rule_code: 'X2', decision: 'upheld', stage_reached: 'first' })),
    ];
    const r = await postOutcomes({ rows });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ imported: 10, skipped: 0 });
    const stats = (await app.inject({ method: 'GET', url: '/api/governance/stats?by=rule' })).json();
    expect(stats.rules.map((x: { rule: string; fp: { p: number } }) => [x.rule, x.fp.p])).toEqual([['X1', 0.8], ['X2', 0]]);
    expect((await app.inject({ method: 'GET', url: '/api/governance/stats?by=weekday' })).statusCode).toBe(400);
  });

  it('reads triggers and gate limits from governance.json, and gate limits from LIANGKU_REPLAY_GATE', async () => {
    writeFileSync(join(t.dir, 'governance.json'), JSON.stringify({ triggers: [{ action: 'review', minFp: 0.7, minReviewed: 3 }], replayGate: { maxLost: 5 } }));
    const c = (await app.inject({ method: 'GET', url: '/api/governance/config' })).json();
    expect(c).toMatchObject({ triggers: [{ action: 'review', minFp: 0.7, minReviewed: 3 }], replayGate: { maxLost: 5 }, problems: [] });
    const stats = (await app.inject({ method: 'GET', url: '/api/governance/stats' })).json();
    expect(stats.rules[0].proposal.action).toBe('review');
    const env = loadGovernanceConfig(t.dir, { LIANGKU_REPLAY_GATE: 'MAXLOST=9,maxMoneyLost=100' });
    expect(env.replayGate).toEqual({ maxLost: 5, maxMoneyLost: 100 });
    writeFileSync(join(t.dir, 'governance.json'), JSON.stringify({ replayGate: { maxLots: 5 } }));
    expect(loadGovernanceConfig(t.dir, {}).problems[0]).toMatch(/maxLots is not a limit/);
  });

  it('parses gate specs and judges totals against them', () => {
    expect(parseGateSpec('maxLost=3, max_money_lost=10').value).toEqual({ maxLost: 3, maxMoneyLost: 10 });
    expect(parseGateSpec('lost=3').problems).toHaveLength(1);
    const report = { requests: 0, totals: { lost: 4, moneyLost: 10, gained: 0, moneyGained: 0, changed: 0, expectedFp: 0 } } as unknown as ReplayReport;
    expect(exceededLimits(report, { maxLost: 3, maxMoneyLost: 10 })).toEqual([
      { limit: 'maxLost', allowed: 3, actual: 4 },
      { limit: 'minRequests', allowed: 1, actual: 0 },
    ]);
  });
});
