-- Frameworks beside SOC 2 (issue 21): a licensed catalog's full text imported by the user, the
-- crosswalk pairs such an import brings, and the Statement of Applicability's edits.

-- One licensed catalog per framework at a time (store-wide: it is the user's licence, not a
-- client's data). A new import replaces the previous one whole; the custody log keeps each import.
CREATE TABLE framework_texts (
  framework TEXT NOT NULL,
  control_id TEXT NOT NULL,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (framework, control_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE framework_imports (
  framework TEXT PRIMARY KEY,
  source_name TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  controls INTEGER NOT NULL,
  crosswalk_pairs INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;

-- Crosswalk pairs a licensed catalog carries (SOC 2 criterion ↔ Annex A control); when present
-- they replace the built-in pairs of the controls they name.
CREATE TABLE framework_crosswalk (
  soc2 TEXT NOT NULL,
  iso TEXT NOT NULL,
  relation TEXT NOT NULL CHECK (relation IN ('equal', 'subset', 'superset', 'intersect')),
  -- the framework whose import brought the pair: it replaces that side's built-in pairs
  source TEXT NOT NULL,
  PRIMARY KEY (soc2, iso)
) STRICT, WITHOUT ROWID;

-- Statement of Applicability edits: append-only, one row per change of one control's fields;
-- the latest row per (engagement, control) is in force. Each row is also in the custody log.
CREATE TABLE soa_edits (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  control_id TEXT NOT NULL,
  -- null: the computed draft stands for this field
  applicable INTEGER CHECK (applicable IN (0, 1)),
  justification TEXT,
  implementation TEXT,
  edited_at TEXT NOT NULL,
  edited_by TEXT NOT NULL
) STRICT;
CREATE INDEX soa_edits_control ON soa_edits(engagement_id, control_id, id);
