// Rule governance over HTTP (issue 10): review outcomes in (POST, with a token), metrics out (GET,
// open like the rest of the read API), the lifecycle audit trail, and two helpers publish.ts calls —
// the optional replay gate and the lifecycle event recorded with each publication.
import type { FastifyInstance } from 'fastify';
import semver from 'semver';
import { loadGovernanceConfig } from '../../governance/config.js';
import { asReplayReport, exceededLimits } from '../../governance/gate.js';
import { stateChanges } from '../../governance/lifecycle.js';
import { computeStats, type GroupBy } from '../../governance/metrics.js';
import { validateOutcomes } from '../../governance/outcomes.js';
import type { ReplayReport } from '../../governance/replay.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { actorName, requireToken } from '../auth.js';
import { AuthHeader } from '../schemas.js';
import { readArtifactFile } from '../store/artifact-files.js';
import type { Store } from '../store/open-store.js';
import { insertOutcomes, iterateOutcomes, listGovernanceEvents, recordGovernanceEvent } from '../store/outcomes-repo.js';
import { listVersions, resolveVersion } from '../store/packs-repo.js';

// ---- publish helpers -------------------------------------------------------------------------

/** A publish body is the artifact, or `{ artifact, replay }` (needed when the replay gate is on). */
export function splitPublishBody(body: unknown): { artifact: unknown; replay: unknown } {
  const b = body as Record<string, unknown> | null;
  if (b && typeof b === 'object' && 'artifact' in b && !('manifest' in b)) return { artifact: b['artifact'], replay: b['replay'] };
  return { artifact: body, replay: undefined };
}

export interface GateRefusal {
  readonly status: 422;
  readonly body: { error: { code: string; message: string }; replay: Record<string, unknown> };
}

/** null = the publish may go on; otherwise the 422 answer with the numbers. */
export function replayGateRefusal(store: Store, artifact: Artifact, replayBody: unknown): GateRefusal | null {
  const limits = loadGovernanceConfig(store.dataDir).replayGate;
  if (!limits) return null;
  // A first publication with no base has nothing to replay against.
  const prev = previousArtifact(store, artifact);
  if (!prev) return null;
  const refuse = (message: string, extra: Record<string, unknown> = {}): GateRefusal => ({
    status: 422,
    body: { error: { code: 'replay_gate', message }, replay: { limits, ...extra } },
  });
  if (replayBody === undefined) {
    return refuse('This registry requires a replay report before a publish: run `liangku replay --pack NEW --against OLD CLAIMS --json -o replay.json` and send `{ "artifact": …, "replay": … }`.');
  }
  const report = asReplayReport(replayBody);
  if (typeof report === 'string') return refuse(`The replay report cannot be used: ${report}.`);
  if (report.new.hash !== artifact.hash) {
    return refuse(`The replay report is for another artifact (hash ${report.new.hash.slice(0, 12)}…, this one is ${artifact.hash.slice(0, 12)}…); replay the artifact you publish.`);
  }
  if (report.old.hash !== prev.artifact.hash) {
    return refuse(`The replay compares against ${report.old.id}@${report.old.version} (hash ${report.old.hash.slice(0, 12)}…), but this publication replaces ${prev.label} (hash ${prev.artifact.hash.slice(0, 12)}…); replay against that version.`);
  }
  const exceeded = exceededLimits(report, limits);
  if (exceeded.length) {
    const what = exceeded.map((e) => `${e.limit}: ${e.actual} (allowed ${e.limit === 'minRequests' ? 'at least' : 'at most'} ${e.allowed})`).join('; ');
    return refuse(`The replay of ${report.old.id}@${report.old.version} → ${report.new.id}@${report.new.version} over ${report.requests} request(s) is outside this registry's limits: ${what}.`,
      { exceeded, totals: report.totals, requests: report.requests });
  }
  return null;
}

function artifactOf(store: Store, hash: string): Artifact | null {
  const text = readArtifactFile(store.artifactsDir, hash);
  return text ? (JSON.parse(text) as Artifact) : null;
}

/** The version a new publication is compared with: the highest lower version, else its base. */
function previousArtifact(store: Store, a: Artifact): { label: string; artifact: Artifact } | null {
  const m = a.manifest;
  const lower = listVersions(store.db, m.id).find((v) => v.status !== 'yanked' && semver.valid(v.version) && semver.lt(v.version, m.version));
  const row = lower ?? (m.extends ? resolveVersion(store.db, m.extends.id, m.extends.range) : undefined);
  if (!row) return null;
  const prev = artifactOf(store, row.hash);
  return prev ? { label: `${row.pack_id}@${row.version}`, artifact: prev } : null;
}

/** Inside publish's transaction: one `lifecycle` event when rule states changed, one `replay-gate` when a report came along. */
export function recordPublishGovernance(store: Store, artifact: Artifact, actor: string, replay: unknown): void {
  const m = artifact.manifest;
  const prev = previousArtifact(store, artifact);
  const changes = stateChanges(prev?.artifact ?? null, artifact);
  if (changes.length) {
    recordGovernanceEvent(store.db, { actor, kind: 'lifecycle', packId: m.id, version: m.version, detail: { against: prev?.label ?? null, changes } });
  }
  const report = replay === undefined ? null : asReplayReport(replay);
  if (report && typeof report !== 'string') {
    const r = report as ReplayReport;
    recordGovernanceEvent(store.db, {
      actor, kind: 'replay-gate', packId: m.id, version: m.version,
      detail: { old: r.old, new: r.new, requests: r.requests, totals: r.totals },
    });
  }
}

// ---- routes ----------------------------------------------------------------------------------

const StatsQuery = {
  type: 'object',
  properties: {
    pack: { type: 'string', maxLength: 100 },
    by: { type: 'string', enum: ['rule', 'region', 'institution', 'month'] },
    since: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    minReviewed: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const;

const OutcomesBody = {
  type: 'object',
  required: ['rows'],
  properties: {
    rows: { type: 'array', maxItems: 200000, items: { type: 'object' } },
    source: { type: 'string', maxLength: 500 },
    skipInvalid: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

export function governanceRoutes(app: FastifyInstance, store: Store): void {
  const { db } = store;

  app.get<{ Querystring: { pack?: string; by?: GroupBy; since?: string; minReviewed?: number } }>('/api/governance/stats', {
    schema: { querystring: StatsQuery },
    config: { summary: 'Per-rule review metrics: hits, money, appeal rate, false-positive rate with a 95% Wilson interval, retire/review proposals' },
  }, async (req) => {
    const q = req.query;
    const config = loadGovernanceConfig(store.dataDir);
    return computeStats(iterateOutcomes(db, { packId: q.pack, since: q.since }), { by: q.by ?? 'rule', minReviewed: q.minReviewed, triggers: config.triggers });
  });

  app.get<{ Querystring: { pack?: string } }>('/api/governance/lifecycle', {
    schema: { querystring: { type: 'object', properties: { pack: { type: 'string', maxLength: 100 } }, additionalProperties: false } },
    config: { summary: 'Rule lifecycle changes recorded at publish (state from → to, reason, author), oldest first' },
  }, async (req) => ({
    events: listGovernanceEvents(db, 'lifecycle', req.query.pack).map((e) => ({ id: e.id, at: e.at, actor: e.actor, pack: e.pack_id, version: e.version, ...JSON.parse(e.detail) })),
  }));

  app.get('/api/governance/config', {
    config: { summary: 'The retirement/review triggers and the replay gate limits of this registry (<data>/governance.json)' },
  }, async () => {
    const c = loadGovernanceConfig(store.dataDir);
    return { triggers: c.triggers, replayGate: c.replayGate, problems: c.problems };
  });

  app.post<{ Body: { rows: Record<string, unknown>[]; source?: string; skipInvalid?: boolean } }>('/api/governance/outcomes', {
    schema: { headers: AuthHeader, body: OutcomesBody },
    config: { summary: 'Import review outcomes (rows as in `liangku outcomes import`); any invalid row stores nothing unless skipInvalid. Reviewer, publisher or admin.', auth: true, status: 201 },
  }, async (req, reply) => {
    const token = requireToken(req, store, ['reviewer', 'publisher', 'admin']);
    const source = req.body.source ?? 'http';
    const rows = req.body.rows;
    const v = validateOutcomes(source, { rows, lines: rows.map((_, i) => i + 1), header: [], problems: [] });
    if ((v.errors.length && !req.body.skipInvalid) || !v.outcomes.length) {
      return reply.code(422).send({
        error: { code: 'invalid_outcomes', message: `${v.errors.length} invalid row(s); nothing was imported.` },
        errors: v.errors.slice(0, 500),
      });
    }
    const event = insertOutcomes(db, v.outcomes, v.lines, { actor: actorName(token), source, skipped: v.rows - v.outcomes.length });
    return reply.code(201).send({ imported: v.outcomes.length, skipped: v.rows - v.outcomes.length, event, errors: v.errors.slice(0, 500) });
  });
}
