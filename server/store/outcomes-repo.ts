// Review outcomes in the registry database (table `outcomes`, migration 2). Rows are only ever
// inserted, each import as one transaction together with its `outcomes-import` event; triggers
// refuse UPDATE/DELETE. Money is stored in fen (integers).
import type { Outcome } from '../../governance/outcomes.js';
import { nowIso, type Db } from './open-store.js';

export type GovernanceEventKind = 'outcomes-import' | 'lifecycle' | 'replay-gate';

/** Insert into the shared audit trail with the governance kinds (events-repo.ts types only the registry's own kinds). */
export function recordGovernanceEvent(
  db: Db,
  e: { actor: string; kind: GovernanceEventKind; packId?: string | null; version?: string | null; detail?: Record<string, unknown> },
): number {
  const info = db
    .prepare('INSERT INTO events (at, actor, kind, pack_id, version, detail) VALUES (?, ?, ?, ?, ?, ?)')
    .run(nowIso(), e.actor, e.kind, e.packId ?? null, e.version ?? null, JSON.stringify(e.detail ?? {}));
  return Number(info.lastInsertRowid);
}

/** Store validated outcomes and the import event atomically; returns the event id. */
export function insertOutcomes(
  db: Db,
  outcomes: readonly Outcome[],
  lines: readonly number[],
  meta: { actor: string; source: string; skipped?: number },
): number {
  let event = 0;
  const ins = db.prepare(
    `INSERT INTO outcomes (import_event, source_line, request_id, setl_id, rule_code, pack_id, pack_version, region, institution,
       finding_date, amount_flagged, stage, decision, amount_upheld)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    const packs = [...new Set(outcomes.map((o) => (o.packId ? `${o.packId}@${o.packVersion}` : null)).filter((x) => x !== null))];
    event = recordGovernanceEvent(db, {
      actor: meta.actor,
      kind: 'outcomes-import',
      detail: { source: meta.source, rows: outcomes.length, skipped: meta.skipped ?? 0, packs: packs.slice(0, 20) },
    });
    outcomes.forEach((o, i) =>
      ins.run(event, lines[i] ?? i + 1, o.requestId, o.setlId, o.ruleCode, o.packId, o.packVersion, o.region, o.institution,
        o.findingDate, o.amountFlagged, o.stage, o.decision, o.amountUpheld),
    );
  })();
  return event;
}

interface OutcomeRow {
  request_id: string | null; setl_id: string | null; rule_code: string; pack_id: string | null; pack_version: string | null;
  region: string | null; institution: string | null; finding_date: string; amount_flagged: number;
  stage: Outcome['stage']; decision: Outcome['decision']; amount_upheld: number | null;
}

/** Outcomes, optionally of one pack id and from a date on (filters in SQL; metrics in governance/metrics.ts). */
export function* iterateOutcomes(db: Db, filter: { packId?: string; since?: string } = {}): Generator<Outcome> {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.packId !== undefined) { where.push('pack_id = ?'); args.push(filter.packId); }
  if (filter.since !== undefined) { where.push('finding_date >= ?'); args.push(filter.since); }
  const sql = `SELECT * FROM outcomes${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
  for (const r of db.prepare(sql).iterate(...args) as Iterable<OutcomeRow>) {
    yield {
      requestId: r.request_id, setlId: r.setl_id, ruleCode: r.rule_code, packId: r.pack_id, packVersion: r.pack_version,
      region: r.region, institution: r.institution, findingDate: r.finding_date, amountFlagged: r.amount_flagged,
      stage: r.stage, decision: r.decision, amountUpheld: r.amount_upheld,
    };
  }
}

export function countOutcomes(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM outcomes').get() as { n: number }).n;
}

export interface LifecycleEventRow { id: number; at: string; actor: string; pack_id: string | null; version: string | null; detail: string }

export function listGovernanceEvents(db: Db, kind: GovernanceEventKind, packId?: string): LifecycleEventRow[] {
  return (packId === undefined
    ? db.prepare('SELECT id, at, actor, pack_id, version, detail FROM events WHERE kind = ? ORDER BY id').all(kind)
    : db.prepare('SELECT id, at, actor, pack_id, version, detail FROM events WHERE kind = ? AND pack_id = ? ORDER BY id').all(kind, packId)) as LifecycleEventRow[];
}
