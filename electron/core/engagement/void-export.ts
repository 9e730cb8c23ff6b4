/**
 * Voiding a mistaken import: the export's entries and findings leave every view of its
 * engagement, nothing is deleted, and the void (who, when, why) is a custody-log record.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { appendCustody } from '../package/custody.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import type { Actor } from './engagements.js';
import { engagementOfExport, exportVoid } from './engagements.js';

/** Voids stored export `exportRef` with the auditor's reason; an export is voided once. */
export function voidExport(db: BetterSqlite3.Database, exportRef: number, reason: string, actor: Actor): { engagementId: number | null } {
  const why = reason.trim();
  if (why.length === 0) throw new CrosscheckError('BAD_ARGUMENTS', 'say why the import is voided (a reason is recorded in the custody log)');
  if (why.length > 2000) throw new CrosscheckError('BAD_ARGUMENTS', 'the reason is longer than 2,000 characters');
  const row = db.prepare<[number], { export_id: string | null; archive_sha256: string; original_name: string | null; file_name: string }>(
    'SELECT x.export_id, i.archive_sha256, i.original_name, i.file_name FROM exports x JOIN imports i ON i.id = x.import_id WHERE x.id = ?',
  ).get(exportRef);
  if (!row) throw new CrosscheckError('NOT_FOUND', `no export #${exportRef} in the store (crosscheck exports lists them)`);
  if (exportVoid(db, exportRef)) throw new CrosscheckError('BAD_ARGUMENTS', `export #${exportRef} is already voided`);
  const engagementId = engagementOfExport(db, exportRef);
  db.transaction(() => {
    db.prepare('INSERT INTO export_voids (export_ref, reason, voided_at, voided_by) VALUES (?, ?, ?, ?)').run(exportRef, why, actor.at, actor.by);
    if (engagementId !== null) {
      db.prepare('INSERT INTO engagement_history (engagement_id, at, by, action, detail) VALUES (?, ?, ?, ?, ?)').run(
        engagementId,
        actor.at,
        actor.by,
        'export voided',
        JSON.stringify({ exportRef, reason: why }),
      );
    }
    appendCustody(db, {
      ts: actor.at,
      actor: actor.by,
      action: 'export.voided',
      subject: `export:${exportRef}`,
      exports: row.export_id ? [row.export_id] : [],
      detail: { export_ref: exportRef, reason: why, archive_sha256: row.archive_sha256, file_name: row.original_name ?? row.file_name, engagement_id: engagementId },
    });
  })();
  return { engagementId };
}
