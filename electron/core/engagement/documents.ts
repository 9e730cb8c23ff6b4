/**
 * Documents an auditor attaches to a criterion the trail cannot evidence (a policy, a training
 * record, a backup test): stored content-addressed in the store, attached per engagement and
 * control, and hashed into the custody log. Nothing is ever overwritten; attaching the same bytes
 * again stores them once.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { AttachedDocumentView, FrameworkId } from '../../../shared/engagement/engagement-types.js';
import { soc2Criterion } from '../../../shared/frameworks/soc2-catalog.js';
import { iso27001Control } from '../../../shared/frameworks/iso27001-catalog.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { appendCustody } from '../package/custody.js';
import type { Actor } from './engagements.js';
import { getEngagement } from './engagements.js';

type Db = BetterSqlite3.Database;

/** A document larger than this is a folder of evidence, not one document: keep it outside. */
export const DOCUMENT_LIMIT = 50 * 1024 * 1024;

export type AttachedDocument = AttachedDocumentView;

export interface AttachInput {
  engagementId: number | string;
  framework: FrameworkId;
  controlId: string;
  fileName: string;
  bytes: Buffer;
  note?: string;
}

/** Checks a document's size and cleans its name and note; returns them with the bytes' SHA-256. */
export function checkDocument(fileName: string, bytes: Buffer, note: string | undefined): { name: string; note: string; sha256: string } {
  if (bytes.length === 0) throw new CrosscheckError('BAD_ARGUMENTS', `${fileName} is empty; nothing was attached`);
  if (bytes.length > DOCUMENT_LIMIT) throw new CrosscheckError('BAD_ARGUMENTS', `${fileName} is larger than 50 MB; attach the document itself, not an archive of evidence`);
  // Control characters never reach a listing or a PDF.
  const name = [...fileName].filter((ch) => ch.charCodeAt(0) >= 0x20).join('').slice(0, 300) || 'document';
  return { name, note: (note ?? '').trim().slice(0, 2000), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Stores a document's bytes once, content-addressed (the same bytes again are kept once). */
export function storeDocumentBytes(db: Db, sha256: string, bytes: Buffer, at: string): void {
  db.prepare('INSERT OR IGNORE INTO documents (sha256, bytes, size, added_at) VALUES (?, ?, ?, ?)').run(sha256, bytes, bytes.length, at);
}

/** Attaches one document to one control of an engagement; returns the attachment. */
export function attachDocument(db: Db, input: AttachInput, actor: Actor): AttachedDocument {
  const e = getEngagement(db, input.engagementId);
  if (input.framework === 'soc2' && !soc2Criterion(input.controlId)) throw new CrosscheckError('BAD_ARGUMENTS', `"${input.controlId}" is not one of the 61 SOC 2 criteria (e.g. CC1.1)`);
  if (input.framework === 'iso27001' && !iso27001Control(input.controlId)) {
    throw new CrosscheckError('BAD_ARGUMENTS', `"${input.controlId}" is not one of the 93 ISO/IEC 27001:2022 Annex A controls (e.g. 5.1)`);
  }
  const { name, note, sha256 } = checkDocument(input.fileName, input.bytes, input.note);
  const id = db.transaction(() => {
    storeDocumentBytes(db, sha256, input.bytes, actor.at);
    const r = db
      .prepare('INSERT INTO engagement_documents (engagement_id, framework, control_id, sha256, file_name, note, attached_at, attached_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(Number(e.id), input.framework, input.controlId, sha256, name, note, actor.at, actor.by);
    db.prepare('INSERT INTO engagement_history (engagement_id, at, by, action, detail) VALUES (?, ?, ?, ?, ?)').run(
      Number(e.id),
      actor.at,
      actor.by,
      'document attached',
      JSON.stringify({ controlId: input.controlId, sha256, fileName: name }),
    );
    appendCustody(db, {
      ts: actor.at,
      actor: actor.by,
      action: 'document.attached',
      subject: `document:${sha256}`,
      exports: [],
      detail: { engagement_id: Number(e.id), framework: input.framework, control_id: input.controlId, file_name: name, size: input.bytes.length, note },
    });
    return Number(r.lastInsertRowid);
  })();
  return listDocuments(db, e.id).find((d) => d.id === id)!;
}

/** The documents attached in an engagement, oldest first. */
export function listDocuments(db: Db, engagementId: number | string): AttachedDocument[] {
  const e = getEngagement(db, engagementId);
  return db
    .prepare<[number], { id: number; framework: FrameworkId; control_id: string; sha256: string; size: number; file_name: string; note: string; attached_at: string; attached_by: string }>(
      `SELECT a.id, a.framework, a.control_id, a.sha256, d.size, a.file_name, a.note, a.attached_at, a.attached_by
       FROM engagement_documents a JOIN documents d ON d.sha256 = a.sha256 WHERE a.engagement_id = ? ORDER BY a.id`,
    )
    .all(Number(e.id))
    .map((r) => ({ id: r.id, framework: r.framework, controlId: r.control_id, sha256: r.sha256, size: r.size, fileName: r.file_name, note: r.note, attachedAt: r.attached_at, attachedBy: r.attached_by }));
}

/** Documents per control of one framework of an engagement (for coverage). */
export function documentCounts(db: Db, engagementId: number, framework: FrameworkId = 'soc2'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of db
    .prepare<[number, string], { c: string; n: number }>('SELECT control_id AS c, count(*) AS n FROM engagement_documents WHERE engagement_id = ? AND framework = ? GROUP BY control_id')
    .all(engagementId, framework)) {
    out[r.c] = r.n;
  }
  return out;
}
