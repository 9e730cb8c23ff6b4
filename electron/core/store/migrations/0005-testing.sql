-- Tests of controls on samples: each drawn workpaper is kept as drawn, the tester's results per
-- sampled item and attribute are appended (the latest counts; earlier ones stay on record), and
-- every concluded version is an immutable row whose hash is in the custody log.

CREATE TABLE workpapers (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  framework TEXT NOT NULL,
  control_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,                 -- canonical SHA-256 of body, as in the custody log
  body TEXT NOT NULL,                   -- the drawn workpaper (canonical JSON)
  drawn_at TEXT NOT NULL,
  drawn_by TEXT NOT NULL
) STRICT;
CREATE INDEX workpapers_control ON workpapers(engagement_id, framework, control_id);
CREATE TRIGGER workpapers_no_update BEFORE UPDATE ON workpapers
BEGIN SELECT RAISE(ABORT, 'workpapers are immutable'); END;
CREATE TRIGGER workpapers_no_delete BEFORE DELETE ON workpapers
BEGIN SELECT RAISE(ABORT, 'workpapers are immutable'); END;

CREATE TABLE workpaper_results (
  id INTEGER PRIMARY KEY,
  workpaper_id INTEGER NOT NULL REFERENCES workpapers(id),
  item INTEGER NOT NULL,                -- position in the workpaper's sample, 0-based
  attribute TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('pass', 'exception')),
  note TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('tester', 'finding')),
  tested_at TEXT NOT NULL,
  tested_by TEXT NOT NULL
) STRICT;
CREATE INDEX workpaper_results_item ON workpaper_results(workpaper_id, item, attribute, id);
CREATE TRIGGER workpaper_results_no_update BEFORE UPDATE ON workpaper_results
BEGIN SELECT RAISE(ABORT, 'test results are append-only'); END;
CREATE TRIGGER workpaper_results_no_delete BEFORE DELETE ON workpaper_results
BEGIN SELECT RAISE(ABORT, 'test results are append-only'); END;

CREATE TABLE workpaper_versions (
  id INTEGER PRIMARY KEY,
  workpaper_id INTEGER NOT NULL REFERENCES workpapers(id),
  version INTEGER NOT NULL,             -- 1, 2, … per workpaper
  sha256 TEXT NOT NULL,                 -- canonical SHA-256 of body, as in the custody log
  body TEXT NOT NULL,                   -- the tested workpaper: sample, results, exceptions, conclusion
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (workpaper_id, version)
) STRICT;
CREATE TRIGGER workpaper_versions_no_update BEFORE UPDATE ON workpaper_versions
BEGIN SELECT RAISE(ABORT, 'workpaper versions are immutable'); END;
CREATE TRIGGER workpaper_versions_no_delete BEFORE DELETE ON workpaper_versions
BEGIN SELECT RAISE(ABORT, 'workpaper versions are immutable'); END;

-- Documents evidencing an audit-prep checklist item the trail cannot answer (the bytes live once
-- in `documents`); attached per engagement and item, hashed into the custody log.
CREATE TABLE checklist_documents (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  item_id TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES documents(sha256),
  file_name TEXT NOT NULL,
  note TEXT NOT NULL,
  attached_at TEXT NOT NULL,
  attached_by TEXT NOT NULL
) STRICT;
CREATE INDEX checklist_documents_item ON checklist_documents(engagement_id, item_id);
