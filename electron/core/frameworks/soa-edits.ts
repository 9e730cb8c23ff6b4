/**
 * The auditor's edits of the Statement of Applicability: append-only rows (the latest per control
 * is in force), each also written to the custody log with who, when and what changed, so an SoA
 * in a package can be traced to the edits behind it. They survive restarts because they are rows.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { iso27001Control } from '../../../shared/frameworks/iso27001-catalog.js';
import {
  IMPLEMENTATION_STATUSES,
  type ImplementationStatus,
  type SoaEdit,
} from '../../../shared/frameworks/soa.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { appendCustody } from '../package/custody.js';
import { getEngagement, type Actor } from '../engagement/engagements.js';

type Db = BetterSqlite3.Database;

/** A change to one control: a field left out keeps its value; `null` returns it to the draft. */
export interface SoaPatch {
  applicable?: boolean | null;
  justification?: string | null;
  implementation?: ImplementationStatus | null;
}

interface EditRow {
  control_id: string;
  applicable: number | null;
  justification: string | null;
  implementation: string | null;
  edited_at: string;
  edited_by: string;
}

function toEdit(r: EditRow): SoaEdit {
  return {
    applicable: r.applicable === null ? null : r.applicable === 1,
    justification: r.justification,
    implementation: r.implementation as ImplementationStatus | null,
    at: r.edited_at,
    by: r.edited_by,
  };
}

/** The edits in force per control of an engagement's SoA. */
export function soaEdits(db: Db, engagementId: number): Map<string, SoaEdit> {
  const rows = db
    .prepare<[number, number], EditRow>(
      'SELECT control_id, applicable, justification, implementation, edited_at, edited_by FROM soa_edits WHERE engagement_id = ? AND id IN (SELECT max(id) FROM soa_edits WHERE engagement_id = ? GROUP BY control_id)',
    )
    .all(engagementId, engagementId);
  // A row of nothing but nulls is a reset: the draft stands and the control reads as unedited.
  return new Map(
    rows
      .filter((r) => r.applicable !== null || r.justification !== null || r.implementation !== null)
      .map((r) => [r.control_id, toEdit(r)]),
  );
}

/** Every edit of one control, oldest first (its history). */
export function soaHistory(db: Db, engagementId: number, controlId: string): SoaEdit[] {
  return db
    .prepare<[number, string], EditRow>(
      'SELECT control_id, applicable, justification, implementation, edited_at, edited_by FROM soa_edits WHERE engagement_id = ? AND control_id = ? ORDER BY id',
    )
    .all(engagementId, controlId)
    .map(toEdit);
}

/** Applies a patch to one control's SoA entry; returns the edit now in force (null after a full reset). */
export function editSoa(
  db: Db,
  engagementId: number | string,
  controlId: string,
  patch: SoaPatch,
  actor: Actor,
): SoaEdit | null {
  const e = getEngagement(db, engagementId);
  const n = Number(e.id);
  const id = controlId.replace(/^A\./i, '');
  if (!iso27001Control(id))
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `"${controlId}" is not one of the 93 ISO/IEC 27001:2022 Annex A controls (e.g. A.5.1)`,
    );
  if (
    patch.implementation !== undefined &&
    patch.implementation !== null &&
    !IMPLEMENTATION_STATUSES.includes(patch.implementation)
  ) {
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `implementation "${String(patch.implementation)}" is not one of ${IMPLEMENTATION_STATUSES.join(', ')}`,
    );
  }
  const justification =
    patch.justification === undefined || patch.justification === null
      ? patch.justification
      : patch.justification.trim().slice(0, 4000);
  const cur = soaEdits(db, n).get(id);
  const next = {
    applicable: patch.applicable !== undefined ? patch.applicable : (cur?.applicable ?? null),
    justification:
      justification !== undefined
        ? justification === ''
          ? null
          : justification
        : (cur?.justification ?? null),
    implementation: patch.implementation !== undefined ? patch.implementation : (cur?.implementation ?? null),
  };
  db.transaction(() => {
    db.prepare(
      'INSERT INTO soa_edits (engagement_id, control_id, applicable, justification, implementation, edited_at, edited_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      n,
      id,
      next.applicable === null ? null : next.applicable ? 1 : 0,
      next.justification,
      next.implementation,
      actor.at,
      actor.by,
    );
    appendCustody(db, {
      ts: actor.at,
      actor: actor.by,
      action: 'soa.edited',
      subject: `soa:${n}:A.${id}`,
      exports: [],
      detail: {
        engagement_id: n,
        control_id: `A.${id}`,
        from: {
          applicable: cur?.applicable ?? null,
          justification: cur?.justification ?? null,
          implementation: cur?.implementation ?? null,
        },
        to: next,
      },
    });
  })();
  return soaEdits(db, n).get(id) ?? null;
}
