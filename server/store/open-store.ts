// The registry's storage: one SQLite database (WAL, so the CLI's `token` command can write while
// `serve` runs) plus content-addressed artifact files `<data>/artifacts/<sha256>.json`.
// The schema grows by numbered migrations keyed on `PRAGMA user_version`; a migration is never
// edited once shipped, only appended.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Db = Database.Database;

export interface Store {
  db: Db;
  dataDir: string;
  artifactsDir: string;
  keysDir: string;
  close(): void;
}

const MIGRATIONS: string[] = [
  // 1: packs, versions, tokens, append-only events.
  `
  CREATE TABLE packs (
    id          TEXT PRIMARY KEY,
    region      TEXT NOT NULL,
    title       TEXT NOT NULL,
    created_at  TEXT NOT NULL
  );
  CREATE TABLE versions (
    pack_id      TEXT NOT NULL REFERENCES packs(id),
    version      TEXT NOT NULL,
    hash         TEXT NOT NULL,
    region       TEXT NOT NULL,
    base_id      TEXT,
    base_range   TEXT,
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deprecated', 'yanked')),
    reason       TEXT,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL,
    note         TEXT,
    PRIMARY KEY (pack_id, version)
  );
  CREATE TABLE tokens (
    id            TEXT PRIMARY KEY,
    hash          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    region        TEXT NOT NULL,
    region_prefix TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('publisher', 'reviewer', 'admin')),
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
  );
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
  -- The audit trail is append-only: the database itself refuses to rewrite history.
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  -- A published version's content never changes (status may).
  CREATE TRIGGER versions_immutable BEFORE UPDATE OF pack_id, version, hash, region ON versions
    BEGIN SELECT RAISE(ABORT, 'a published version cannot be overwritten'); END;
  `,
  // 2 (governance, issue 10): review outcomes (append-only), and the event kinds
  // 'outcomes-import', 'lifecycle' and 'replay-gate'. SQLite cannot change a CHECK, so the events
  // table is rebuilt with the same rows and ids (the append-only triggers are dropped and recreated).
  `
  DROP TRIGGER events_no_update;
  DROP TRIGGER events_no_delete;
  ALTER TABLE events RENAME TO events_v1;
  CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('publish', 'deprecate', 'yank', 'token-create', 'token-revoke',
                                          'outcomes-import', 'lifecycle', 'replay-gate')),
    pack_id TEXT,
    version TEXT,
    detail  TEXT NOT NULL DEFAULT '{}'
  );
  INSERT INTO events (id, at, actor, kind, pack_id, version, detail)
    SELECT id, at, actor, kind, pack_id, version, detail FROM events_v1;
  DROP TABLE events_v1;
  CREATE INDEX events_pack ON events(pack_id, id);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TABLE outcomes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    import_event   INTEGER NOT NULL,
    source_line    INTEGER NOT NULL,
    request_id     TEXT,
    setl_id        TEXT,
    rule_code      TEXT NOT NULL,
    pack_id        TEXT,
    pack_version   TEXT,
    region         TEXT,
    institution    TEXT,
    finding_date   TEXT NOT NULL,
    amount_flagged INTEGER NOT NULL CHECK (amount_flagged >= 0),
    stage          TEXT NOT NULL CHECK (stage IN ('first', 'appeal', 'review', 'panel', 'final')),
    decision       TEXT CHECK (decision IN ('upheld', 'partly', 'overturned')),
    amount_upheld  INTEGER CHECK (amount_upheld >= 0)
  );
  CREATE INDEX outcomes_rule ON outcomes(rule_code, finding_date);
  CREATE INDEX outcomes_pack ON outcomes(pack_id, rule_code);
  CREATE TRIGGER outcomes_no_update BEFORE UPDATE ON outcomes
    BEGIN SELECT RAISE(ABORT, 'outcomes are append-only; import a correcting row instead'); END;
  CREATE TRIGGER outcomes_no_delete BEFORE DELETE ON outcomes
    BEGIN SELECT RAISE(ABORT, 'outcomes are append-only'); END;
  `,
];

export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return MIGRATIONS.length;
}

export function openStore(dataDir: string): Store {
  const dir = resolve(dataDir);
  const artifactsDir = join(dir, 'artifacts');
  const keysDir = join(dir, 'keys');
  mkdirSync(artifactsDir, { recursive: true });
  mkdirSync(keysDir, { recursive: true });
  const db = new Database(join(dir, 'registry.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return { db, dataDir: dir, artifactsDir, keysDir, close: () => db.close() };
}

export function nowIso(): string {
  return new Date().toISOString();
}
