-- Core store: imports with provenance, exports (manifest + verification outcome), entries,
-- continuity anchors, state snapshots, checks, findings, keyrings, notes.
-- Applied once; never edit this file after it shipped: add 0002-….sql instead.

-- The auditor's trust stores, deduplicated by the SHA-256 of their JCS form.
CREATE TABLE keyrings (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  name TEXT,
  json TEXT NOT NULL,
  first_used_at TEXT NOT NULL
) STRICT;

-- A log is a key space for entries. Each origin has one log holding the leaves Crosscheck
-- accepted (spec §6); each export that was not accepted gets a quarantine log of its own, so
-- its lines are kept for the record without ever being mistaken for trusted leaves.
CREATE TABLE logs (
  id INTEGER PRIMARY KEY CHECK (id > 0 AND id < 4194304),
  kind TEXT NOT NULL CHECK (kind IN ('origin', 'quarantine')),
  origin TEXT
) STRICT;

-- Per-origin high-water mark: trusted_size = N, the tree size Crosscheck vouches for.
CREATE TABLE origins (
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL UNIQUE,
  log_id INTEGER NOT NULL UNIQUE REFERENCES logs(id),
  trusted_size INTEGER NOT NULL DEFAULT 0,
  trusted_root BLOB,
  updated_at TEXT NOT NULL
) STRICT;

-- Provenance of each import that landed (a no-op re-import or a failed one writes nothing).
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  file_path TEXT NOT NULL,
  container TEXT NOT NULL CHECK (container IN ('zip', 'directory')),
  archive_sha256 TEXT NOT NULL,
  archive_bytes INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  os_user TEXT NOT NULL,
  keyring_id INTEGER NOT NULL REFERENCES keyrings(id),
  duration_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX imports_archive ON imports(archive_sha256);

-- One row per imported export: the manifest's fields and what verification concluded.
-- Its lines sit in log_id at positions pos_first..pos_last (seq for an accepted export, line
-- index for a quarantined one); overlapping exports of one origin share rows, linked by range.
CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL UNIQUE REFERENCES imports(id),
  export_id TEXT,
  manifest_sha256 TEXT,
  origin TEXT,
  org_id TEXT,
  org_name TEXT,
  platform_name TEXT,
  platform_version TEXT,
  created_at TEXT,
  period_from TEXT,
  period_to TEXT,
  first_seq INTEGER,
  last_seq INTEGER,
  tree_size INTEGER,
  tree_root TEXT,
  previous_export_id TEXT,
  heartbeat_seconds INTEGER,
  integrity TEXT NOT NULL CHECK (integrity IN ('VALID', 'INVALID', 'UNVERIFIABLE')),
  continuity TEXT NOT NULL,
  tail_pinned INTEGER NOT NULL,
  trusted INTEGER NOT NULL CHECK (trusted IN (0, 1)),
  calls INTEGER NOT NULL,
  agreed INTEGER NOT NULL,
  disagreed INTEGER NOT NULL,
  evaluation_skipped TEXT,
  envelope_key TEXT,
  checkpoint_key TEXT,
  computed_root TEXT,
  line_count INTEGER NOT NULL,
  new_entries INTEGER NOT NULL,
  log_id INTEGER NOT NULL REFERENCES logs(id),
  pos_first INTEGER,
  pos_last INTEGER
) STRICT;
-- Not unique: a tampered copy recorded as INVALID must not block the genuine export later.
CREATE INDEX exports_manifest ON exports(export_id, manifest_sha256);
CREATE INDEX exports_log ON exports(log_id, pos_first);
CREATE INDEX exports_origin ON exports(origin, tree_size);

-- The exact bytes of the small bundle files and of the report, for re-export and re-display.
CREATE TABLE export_files (
  export_ref INTEGER NOT NULL REFERENCES exports(id),
  name TEXT NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (export_ref, name)
) STRICT;

-- Platform state snapshots: 'start' = state.json bytes, 'end' = JCS of the replayed state
-- after the export's last entry. origin_id is set only for accepted exports: a quarantined
-- export's end state must never become the baseline of the next export.
CREATE TABLE states (
  id INTEGER PRIMARY KEY,
  export_ref INTEGER NOT NULL REFERENCES exports(id),
  kind TEXT NOT NULL CHECK (kind IN ('start', 'end')),
  origin_id INTEGER REFERENCES origins(id),
  tree_size INTEGER NOT NULL,
  json BLOB NOT NULL
) STRICT;
CREATE INDEX states_export ON states(export_ref, kind);
CREATE INDEX states_origin ON states(origin_id, kind, tree_size) WHERE origin_id IS NOT NULL;

-- Verified roots and compact ranges of accepted exports: the root at each export's end, and
-- the frontier at its start (from which any later size's root folds over stored leaves).
CREATE TABLE anchors (
  origin_id INTEGER NOT NULL REFERENCES origins(id),
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  frontier BLOB,
  PRIMARY KEY (origin_id, size)
) STRICT, WITHOUT ROWID;

CREATE TABLE checks (
  export_ref INTEGER NOT NULL REFERENCES exports(id),
  ord INTEGER NOT NULL,
  check_id TEXT NOT NULL,
  status TEXT NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (export_ref, ord)
) STRICT, WITHOUT ROWID;

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  export_ref INTEGER NOT NULL REFERENCES exports(id),
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  seq INTEGER,
  entry_id TEXT,
  agent_id TEXT,
  recorded TEXT,
  expected TEXT,
  controls TEXT NOT NULL,
  message TEXT NOT NULL
) STRICT;
-- Every index ends in the rowid, so each one also serves keyset paging by id.
CREATE INDEX findings_export ON findings(export_ref);
CREATE INDEX findings_kind ON findings(kind);
CREATE INDEX findings_agent ON findings(agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX findings_severity ON findings(severity);

-- Entries. id = (log_id << 40) | pos, so (origin, seq) is the rowid itself: no extra key
-- index, keyset paging is a rowid range, and every secondary index below, which SQLite ends
-- with the rowid, is ordered (value, log, seq) and grows append-like during an import.
-- The line bytes are stored once; parsed columns exist only where a query needs them.
CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  log_id INTEGER GENERATED ALWAYS AS (id >> 40) VIRTUAL,
  pos INTEGER GENERATED ALWAYS AS (id & 1099511627775) VIRTUAL,
  seq INTEGER,
  ts TEXT,
  agent_id TEXT,
  actor_type TEXT,
  actor_id TEXT,
  action_type TEXT,
  verdict TEXT,
  status TEXT,
  leaf_hash BLOB NOT NULL,
  line BLOB NOT NULL
) STRICT;
CREATE INDEX entries_agent ON entries(agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX entries_action ON entries(action_type);
CREATE INDEX entries_verdict ON entries(verdict) WHERE verdict IS NOT NULL;
CREATE INDEX entries_status ON entries(status) WHERE status IS NOT NULL;
CREATE INDEX entries_ts ON entries(ts);

-- A narrow, lower-cased text per entry (ids, connector, operation, resource) in its own
-- table with the same rowid: a substring search scans this, not the wide entry rows.
CREATE TABLE entry_search (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL
) STRICT;

-- Auditor notes, e.g. the responsibility matrix cells: scope names the view, key the cell.
CREATE TABLE notes (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  note TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT, WITHOUT ROWID;
