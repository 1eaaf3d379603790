// The audit trail. Rows are only ever inserted (triggers in open-store.ts refuse UPDATE/DELETE).
import { nowIso, type Db } from './open-store.js';

export type EventKind = 'publish' | 'deprecate' | 'yank' | 'token-create' | 'token-revoke';

export interface RegistryEvent {
  id: number;
  at: string;
  actor: string;
  kind: EventKind;
  packId: string | null;
  version: string | null;
  detail: Record<string, unknown>;
}

interface EventRow {
  id: number;
  at: string;
  actor: string;
  kind: EventKind;
  pack_id: string | null;
  version: string | null;
  detail: string;
}

export function recordEvent(
  db: Db,
  e: { actor: string; kind: EventKind; packId?: string | null; version?: string | null; detail?: Record<string, unknown> },
): number {
  const info = db
    .prepare('INSERT INTO events (at, actor, kind, pack_id, version, detail) VALUES (?, ?, ?, ?, ?, ?)')
    .run(nowIso(), e.actor, e.kind, e.packId ?? null, e.version ?? null, JSON.stringify(e.detail ?? {}));
  return Number(info.lastInsertRowid);
}

function toEvent(r: EventRow): RegistryEvent {
  return { id: r.id, at: r.at, actor: r.actor, kind: r.kind, packId: r.pack_id, version: r.version, detail: JSON.parse(r.detail) };
}

export function listEvents(db: Db, opts: { packId?: string; after?: number; limit?: number } = {}): RegistryEvent[] {
  const limit = Math.min(Math.max(opts.limit ?? 500, 1), 5000);
  const after = opts.after ?? 0;
  const rows = (
    opts.packId === undefined
      ? db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?').all(after, limit)
      : db.prepare('SELECT * FROM events WHERE pack_id = ? AND id > ? ORDER BY id LIMIT ?').all(opts.packId, after, limit)
  ) as EventRow[];
  return rows.map(toEvent);
}
