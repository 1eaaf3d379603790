// Migration 2 rebuilds the events table (new kinds) — an existing registry must keep its audit
// trail, ids and append-only guarantee. The v1 events DDL below is a fixture copied from migration 1.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/open-store.js';
import { recordGovernanceEvent } from '../../server/store/outcomes-repo.js';
import { tempDir } from './helpers.js';

const V1_EVENTS = `
  CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('publish', 'deprecate', 'yank', 'token-create', 'token-revoke')),
    pack_id TEXT,
    version TEXT,
    detail  TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX events_pack ON events(pack_id, id);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;

let done: (() => void) | undefined;
afterEach(() => done?.());

describe('migration 2 (governance)', () => {
  it('keeps the existing events with their ids, accepts the new kinds and stays append-only', () => {
    const t = tempDir();
    done = t.done;
    const db = new Database(join(t.dir, 'registry.sqlite'));
    db.exec(V1_EVENTS);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO events (at, actor, kind, pack_id, detail) VALUES ('2025-01-01', 'admin', 'token-create', NULL, '{}')").run();
    db.prepare("INSERT INTO events (at, actor, kind, pack_id, detail) VALUES ('2025-01-02', 'pub', 'publish', 'a.b', '{\"x\":1}')").run();
    db.close();

    const store = openStore(t.dir);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
      expect(store.db.prepare('SELECT id, kind, pack_id, detail FROM events ORDER BY id').all()).toEqual([
        { id: 1, kind: 'token-create', pack_id: null, detail: '{}' },
        { id: 2, kind: 'publish', pack_id: 'a.b', detail: '{"x":1}' },
      ]);
      expect(recordGovernanceEvent(store.db, { actor: 'x', kind: 'lifecycle', packId: 'a.b' })).toBe(3);
      expect(() => store.db.prepare("INSERT INTO events (at, actor, kind) VALUES ('t', 'x', 'nonsense')").run()).toThrow(/CHECK/);
      expect(() => store.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(() => store.db.prepare("UPDATE events SET actor = 'y'").run()).toThrow(/append-only/);
    } finally {
      store.close();
    }
  });
});
