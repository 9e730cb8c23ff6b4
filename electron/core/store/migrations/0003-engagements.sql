-- Engagements: the unit an auditor works in (one client, one period, the frameworks in scope).
-- Every export belongs to exactly one engagement; every view, count, finding and package is
-- computed within one. History is kept: who created, renamed, re-scoped, placed or voided what.

CREATE TABLE engagements (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The audit period; null bounds mean "the span of the engagement's exports".
  period_from TEXT,
  period_to TEXT,
  -- JSON array of framework ids in scope, e.g. ["soc2"] or ["soc2","iso27001"].
  frameworks TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

-- The client organisation(s) (manifest org.id) an engagement covers; an import of an org with
-- no explicit --engagement goes to the oldest engagement naming that org.
CREATE TABLE engagement_orgs (
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  org_id TEXT NOT NULL,
  org_name TEXT,
  PRIMARY KEY (engagement_id, org_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX engagement_orgs_org ON engagement_orgs(org_id);

CREATE TABLE engagement_exports (
  export_ref INTEGER PRIMARY KEY REFERENCES exports(id),
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  placed_at TEXT NOT NULL,
  placed_by TEXT NOT NULL
) STRICT;
CREATE INDEX engagement_exports_engagement ON engagement_exports(engagement_id);

-- A mistaken import, voided by the auditor with a reason: its entries and findings leave every
-- view; nothing is deleted, and the void is in the custody log.
CREATE TABLE export_voids (
  export_ref INTEGER PRIMARY KEY REFERENCES exports(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  voided_at TEXT NOT NULL,
  voided_by TEXT NOT NULL
) STRICT;

CREATE TABLE engagement_history (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX engagement_history_engagement ON engagement_history(engagement_id, id);

-- Documents an auditor attaches where the trail cannot evidence a control (policies, training,
-- backups): content-addressed bytes, attached per engagement and control, hashed into custody.
CREATE TABLE documents (
  sha256 TEXT PRIMARY KEY,
  bytes BLOB NOT NULL,
  size INTEGER NOT NULL,
  added_at TEXT NOT NULL
) STRICT;
CREATE TABLE engagement_documents (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  framework TEXT NOT NULL,
  control_id TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES documents(sha256),
  file_name TEXT NOT NULL,
  note TEXT NOT NULL,
  attached_at TEXT NOT NULL,
  attached_by TEXT NOT NULL
) STRICT;
CREATE INDEX engagement_documents_control ON engagement_documents(engagement_id, framework, control_id);

-- The auditor's own name for the file (an upload's temporary name is not it).
ALTER TABLE imports ADD COLUMN original_name TEXT;

-- Packages belong to an engagement (packages are immutable rows, so the link is a table of its own).
CREATE TABLE package_engagements (
  package_id TEXT NOT NULL REFERENCES packages(id),
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  PRIMARY KEY (package_id, engagement_id)
) STRICT;
CREATE INDEX package_engagements_engagement ON package_engagements(engagement_id);

-- Stores made before engagements: one engagement per client organisation, holding its exports.
INSERT INTO engagements (id, name, period_from, period_to, frameworks, created_at, created_by, updated_at, updated_by)
SELECT row_number() OVER (ORDER BY min(id)), coalesce(max(org_name), org_id), NULL, NULL, '["soc2"]',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration'
FROM exports WHERE org_id IS NOT NULL GROUP BY org_id;
INSERT INTO engagement_orgs (engagement_id, org_id, org_name)
SELECT row_number() OVER (ORDER BY min(id)), org_id, max(org_name) FROM exports WHERE org_id IS NOT NULL GROUP BY org_id;
-- Exports with no readable organisation go to an engagement of their own, named for what it is.
INSERT INTO engagements (name, period_from, period_to, frameworks, created_at, created_by, updated_at, updated_by)
SELECT 'Unattributed imports', NULL, NULL, '["soc2"]', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration'
WHERE EXISTS (SELECT 1 FROM exports WHERE org_id IS NULL);
INSERT INTO engagement_exports (export_ref, engagement_id, placed_at, placed_by)
SELECT x.id,
       coalesce((SELECT o.engagement_id FROM engagement_orgs o WHERE o.org_id = x.org_id),
                (SELECT max(id) FROM engagements WHERE name = 'Unattributed imports' AND created_by = 'migration')),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration'
FROM exports x;
-- Packages made before engagements join the engagement whose organisation id their body names.
INSERT INTO package_engagements (package_id, engagement_id)
SELECT p.id, (SELECT o.engagement_id FROM engagement_orgs o WHERE instr(p.body, o.org_id) > 0 ORDER BY o.engagement_id LIMIT 1)
FROM packages p
WHERE EXISTS (SELECT 1 FROM engagement_orgs o WHERE instr(p.body, o.org_id) > 0);
-- Responsibility notes were store-wide; each engagement starts from the notes written so far.
INSERT INTO notes (scope, key, note, updated_at, updated_by)
SELECT 'responsibility/' || e.id, n.key, n.note, n.updated_at, n.updated_by FROM notes n, engagements e WHERE n.scope = 'responsibility';
DELETE FROM notes WHERE scope = 'responsibility';
