-- Compliance packages and the custody log, formerly created on first use beside the migrations
-- (ensurePackageSchema). IF NOT EXISTS: stores that already made them keep their rows.

CREATE TABLE IF NOT EXISTS packages (
  id            TEXT PRIMARY KEY,          -- SHA-256 hex of the canonical package JSON
  scope         TEXT NOT NULL CHECK (scope IN ('agent', 'org')),
  agent_id      TEXT,                      -- null for org packages
  version       INTEGER NOT NULL,          -- 1, 2, ... per (scope, agent_id)
  period_from   TEXT NOT NULL,
  period_to     TEXT NOT NULL,
  generated_at  TEXT NOT NULL,
  generated_by  TEXT NOT NULL,
  entries       INTEGER NOT NULL,
  body          BLOB NOT NULL              -- the canonical JSON bytes the id hashes
);
CREATE INDEX IF NOT EXISTS packages_by_agent ON packages (agent_id, version);

CREATE TRIGGER IF NOT EXISTS packages_no_update BEFORE UPDATE ON packages
BEGIN SELECT RAISE(ABORT, 'packages are immutable'); END;
CREATE TRIGGER IF NOT EXISTS packages_no_delete BEFORE DELETE ON packages
BEGIN SELECT RAISE(ABORT, 'packages are immutable'); END;

CREATE TABLE IF NOT EXISTS custody_log (
  seq        INTEGER PRIMARY KEY,          -- 0, 1, 2, ... without gaps
  ts         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  subject    TEXT NOT NULL,                -- package id (or another record id)
  exports    TEXT NOT NULL,                -- JSON array of export ids the subject rests on
  detail     TEXT NOT NULL,                -- JSON object, canonical
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);

CREATE TRIGGER IF NOT EXISTS custody_no_update BEFORE UPDATE ON custody_log
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS custody_no_delete BEFORE DELETE ON custody_log
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
