-- Security questionnaires (docs/questionnaires.md): the customer's workbooks as received, the
-- column mapping remembered per layout, the answer library the team maintains, and every review
-- of an answer (who accepted or changed what, when, and why), append-only.

-- A column mapping the user gave once for a layout (fingerprint of sheet names and header rows).
CREATE TABLE questionnaire_layouts (
  fingerprint TEXT PRIMARY KEY,
  mapping TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  saved_by TEXT NOT NULL
) STRICT;

-- Entries the team added, or built-in entries it edited (same key): ids, keywords and either an
-- evidence rule (computed from the trail) or a fixed answer with its narrative.
CREATE TABLE answer_library (
  key TEXT PRIMARY KEY,
  question TEXT NOT NULL,
  keywords TEXT NOT NULL,
  caiq TEXT NOT NULL,
  sig TEXT NOT NULL,
  rule TEXT,
  answer TEXT CHECK (answer IS NULL OR answer IN ('yes', 'no', 'partial', 'na', 'not_evidenced')),
  narrative TEXT NOT NULL,
  revision INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;
CREATE TABLE answer_library_history (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  revision INTEGER NOT NULL,
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  entry TEXT NOT NULL
) STRICT;

-- A customer's workbook as uploaded into an engagement (its exact bytes: the fill writes into them).
CREATE TABLE questionnaires (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  layout TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  mapping TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL
) STRICT;
CREATE INDEX questionnaires_engagement ON questionnaires(engagement_id);

-- Reviews, append-only: the latest row per (questionnaire, item) is the current one. `basis` is
-- the hash of the computed answer the reviewer saw, so a later change of evidence shows as
-- "changed since last review". An override names its answer, narrative and reason.
CREATE TABLE questionnaire_reviews (
  id INTEGER PRIMARY KEY,
  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
  item INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('accept', 'override', 'clear')),
  answer TEXT CHECK (answer IS NULL OR answer IN ('yes', 'no', 'partial', 'na', 'not_evidenced')),
  narrative TEXT,
  reason TEXT,
  basis TEXT NOT NULL,
  at TEXT NOT NULL,
  by TEXT NOT NULL
) STRICT;
CREATE INDEX questionnaire_reviews_item ON questionnaire_reviews(questionnaire_id, item, id);
