/**
 * Questionnaires kept in an engagement: the customer's workbook as received, its mapping, and the
 * reviewers' decisions (append-only). A view recomputes every answer from the current evidence,
 * so a review made on other evidence shows as "changed since last review".
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type {
  AnswerValue,
  QuestionnaireSummary,
  QuestionnaireItem,
  QuestionnaireView,
  ReviewState,
} from '../../../shared/questionnaire/questionnaire-types.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { mappingSpec, type ExplicitMapping } from './detect-columns.js';
import { evidenceFacts } from './evidence-facts.js';
import type { EvidenceFacts } from '../../../shared/questionnaire/answer-rules.js';
import {
  answerItems,
  fillReport,
  prepareQuestionnaire,
  recordFilled,
  rememberMapping,
  reopenQuestionnaire,
  writeFilled,
  type FillReport,
  type FilledWorkbook,
} from './fill-questionnaire.js';

type Db = BetterSqlite3.Database;
type Actor = { by: string; at: string };

interface QRow {
  id: number;
  engagement_id: number;
  file_name: string;
  sha256: string;
  bytes: Buffer;
  layout: QuestionnaireSummary['layout'];
  fingerprint: string;
  mapping: string;
  added_at: string;
  added_by: string;
}

interface ReviewRow {
  item: number;
  action: 'accept' | 'override' | 'clear';
  answer: AnswerValue | null;
  narrative: string | null;
  reason: string | null;
  basis: string;
  at: string;
  by: string;
}

function row(db: Db, id: string | number, engagementId: number): QRow {
  const r = db.prepare<[number], QRow>('SELECT * FROM questionnaires WHERE id = ?').get(Number(id));
  // Another engagement's questionnaire is as absent as a missing one: one client never sees another's.
  if (!r || r.engagement_id !== engagementId)
    throw new CrosscheckError('NOT_FOUND', `no questionnaire #${id} in this engagement`);
  return r;
}

function reviewsOf(
  db: Db,
  id: number,
): { latest: Map<number, ReviewState>; history: QuestionnaireView['history'] } {
  const rows = db
    .prepare<[number], ReviewRow>(
      'SELECT item, action, answer, narrative, reason, basis, at, by FROM questionnaire_reviews WHERE questionnaire_id = ? ORDER BY id',
    )
    .all(id);
  const latest = new Map<number, ReviewState>();
  for (const r of rows) {
    if (r.action === 'clear') latest.delete(r.item);
    else
      latest.set(r.item, {
        action: r.action,
        answer: r.answer,
        narrative: r.narrative,
        reason: r.reason,
        basis: r.basis,
        at: r.at,
        by: r.by,
      });
  }
  return { latest, history: rows.map((r) => ({ ...r })) };
}

/** Adds a customer's workbook to an engagement (refused, nothing stored, when no question is found). */
export async function addQuestionnaire(
  db: Db,
  engagementId: number,
  bytes: Buffer,
  fileName: string,
  explicit: ExplicitMapping | undefined,
  actor: Actor,
): Promise<number> {
  const p = await prepareQuestionnaire(db, bytes, fileName, explicit);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.transaction(() => {
    if (explicit) rememberMapping(db, p.fingerprint, explicit, actor);
    const r = db
      .prepare(
        'INSERT INTO questionnaires (engagement_id, file_name, sha256, bytes, layout, fingerprint, mapping, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        engagementId,
        fileName,
        sha256,
        bytes,
        p.detection.layout,
        p.fingerprint,
        JSON.stringify(p.detection.mappings.map(mappingSpec)),
        actor.at,
        actor.by,
      );
    return Number(r.lastInsertRowid);
  })();
}

/** The questionnaires of an engagement, newest first. */
export function listQuestionnaires(db: Db, engagementId: number): QuestionnaireSummary[] {
  const rows = db
    .prepare<[number], Omit<QRow, 'bytes'>>(
      'SELECT id, engagement_id, file_name, sha256, layout, fingerprint, mapping, added_at, added_by FROM questionnaires WHERE engagement_id = ? ORDER BY id DESC',
    )
    .all(engagementId);
  return rows.map((r) => {
    // Without reopening the workbook: how many items hold a review (stale or not), for the list.
    return summary(r, null, reviewsOf(db, r.id).latest.size);
  });
}

function summary(r: Omit<QRow, 'bytes'>, questions: number | null, reviewed: number): QuestionnaireSummary {
  return {
    id: String(r.id),
    engagementId: String(r.engagement_id),
    fileName: r.file_name,
    sha256: r.sha256,
    layout: r.layout,
    questions: questions ?? -1,
    reviewed,
    addedAt: r.added_at,
    addedBy: r.added_by,
  };
}

function prepared(r: QRow) {
  return reopenQuestionnaire(r.bytes, r.file_name, JSON.parse(r.mapping) as ExplicitMapping[]);
}

/** One questionnaire with every answer computed from the current evidence and its reviews applied. */
export async function questionnaireView(
  db: Db,
  id: string | number,
  engagementId: number,
  facts: EvidenceFacts = evidenceFacts(db, engagementId),
): Promise<QuestionnaireView> {
  const r = row(db, id, engagementId);
  const p = await prepared(r);
  const { latest, history } = reviewsOf(db, r.id);
  const items = answerItems(db, engagementId, p.detection, latest, facts);
  return { ...summary(r, items.length, items.filter((i) => i.flags.reviewed).length), items, history };
}

export interface ReviewInput {
  item: number;
  action: 'accept' | 'override' | 'clear';
  answer?: AnswerValue;
  narrative?: string;
  reason?: string;
}

/** Records a reviewer's decision on one answer; an override needs its reason, shown wherever the answer is. */
export async function reviewAnswer(
  db: Db,
  id: string | number,
  engagementId: number,
  input: ReviewInput,
  actor: Actor,
  facts: EvidenceFacts = evidenceFacts(db, engagementId),
): Promise<QuestionnaireView> {
  const view = await questionnaireView(db, id, engagementId, facts);
  const it = view.items[input.item];
  if (!it) throw new CrosscheckError('NOT_FOUND', `no question #${input.item} in this questionnaire`);
  if (input.action === 'override') {
    if (!input.answer) throw new CrosscheckError('BAD_ARGUMENTS', 'an override names its answer');
    if (!input.reason || input.reason.trim().length < 3)
      throw new CrosscheckError(
        'BAD_ARGUMENTS',
        'an override needs a reason (it is shown beside the answer and in the workbook)',
      );
  }
  db.prepare(
    'INSERT INTO questionnaire_reviews (questionnaire_id, item, action, answer, narrative, reason, basis, at, by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    Number(view.id),
    input.item,
    input.action,
    // An accept keeps the answer the reviewer saw, so a later change can say what it was.
    input.action === 'override' ? input.answer! : input.action === 'accept' ? it.computed.answer : null,
    input.action === 'override' ? (input.narrative ?? null) : null,
    input.action === 'override' ? input.reason!.trim() : null,
    it.basis,
    actor.at,
    actor.by,
  );
  return questionnaireView(db, id, engagementId, facts);
}

/** The filled workbook of a stored questionnaire as the evidence stands now; nothing is recorded. */
export async function filledWorkbook(
  db: Db,
  id: string | number,
  engagementId: number,
  facts: EvidenceFacts = evidenceFacts(db, engagementId),
): Promise<{
  filled: FilledWorkbook;
  report: FillReport;
  fileName: string;
  sha256: string;
  items: QuestionnaireItem[];
}> {
  const r = row(db, id, engagementId);
  const p = await prepared(r);
  const items = answerItems(db, engagementId, p.detection, reviewsOf(db, r.id).latest, facts);
  const filled = await writeFilled(p, items);
  const report = fillReport(r.file_name, p, items, filled);
  const dot = r.file_name.lastIndexOf('.');
  const fileName =
    dot > 0 ? `${r.file_name.slice(0, dot)}-filled${r.file_name.slice(dot)}` : `${r.file_name}-filled.xlsx`;
  return { filled, report, fileName, sha256: r.sha256, items };
}

/** The filled workbook of a stored questionnaire, recorded in the custody log. */
export async function exportQuestionnaire(
  db: Db,
  id: string | number,
  engagementId: number,
  actor: Actor,
  facts: EvidenceFacts = evidenceFacts(db, engagementId),
): Promise<{ filled: FilledWorkbook; report: FillReport; fileName: string }> {
  const { filled, report, fileName, sha256 } = await filledWorkbook(db, id, engagementId, facts);
  db.transaction(() =>
    recordFilled(
      db,
      engagementId,
      report,
      sha256,
      facts.exports.filter((e) => e.trusted).map((e) => e.exportId),
      actor,
    ),
  )();
  return { filled, report, fileName };
}
