/**
 * The customer questionnaires of an engagement as a package records them: each workbook (name and
 * hash), how many questions were reviewed, and every answer as it stood when the package was
 * built, with whether a reviewer overrode it and whether a finding contradicts it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { PackageQuestionnaire } from '../../../shared/package/package-types.js';
import { evidenceCsvName } from '../../../shared/questionnaire/questionnaire-types.js';
import { evidenceFacts } from './evidence-facts.js';
import { filledWorkbook, listQuestionnaires } from './questionnaire-store.js';
import { sha256Hex } from '../crypto/sha256.js';
import { BinderError } from '../binder/write-binder.js';

/** Every questionnaire stored in the engagement, newest first; none when it holds none. */
export async function packageQuestionnaires(db: BetterSqlite3.Database, engagementId: number): Promise<PackageQuestionnaire[]> {
  const list = listQuestionnaires(db, engagementId);
  if (list.length === 0) return [];
  const facts = evidenceFacts(db, engagementId);
  const out: PackageQuestionnaire[] = [];
  for (const q of list) {
    // One reopening and one answering per workbook: the items recorded are the ones written.
    const filled = await filledWorkbook(db, q.id, engagementId, facts);
    const items = filled.items;
    const answers: Record<string, number> = {};
    for (const it of items) answers[it.final.answer] = (answers[it.final.answer] ?? 0) + 1;
    out.push({
      ref: Number(q.id),
      engagement_id: engagementId,
      file_name: q.fileName,
      sha256: q.sha256,
      layout: q.layout,
      questions: items.length,
      reviewed: items.filter((i) => i.flags.reviewed).length,
      answers,
      filled: {
        file_name: filled.fileName,
        sha256: sha256Hex(filled.filled.bytes),
        evidence_csv_sha256: filled.filled.evidenceCsv ? sha256Hex(filled.filled.evidenceCsv) : null,
      },
      items: items.map((it) => ({
        id: it.questionId,
        answer: it.final.answer,
        narrative: it.final.narrative,
        overridden: it.final.overridden,
        contradicted: it.flags.contradicted,
        reviewed: it.flags.reviewed,
      })),
    });
  }
  return out;
}

/** The binder's files for a package's questionnaires: each filled workbook (and a CSV's evidence), checked against the hashes the package recorded. */
export async function questionnaireBinderFiles(db: BetterSqlite3.Database, qs: readonly PackageQuestionnaire[]): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for (const q of qs) {
    const now = await filledWorkbook(db, q.ref, q.engagement_id);
    const bytes = now.filled.bytes;
    const evidence = now.filled.evidenceCsv;
    if (sha256Hex(bytes) !== q.filled.sha256 || (evidence ? sha256Hex(evidence) : null) !== q.filled.evidence_csv_sha256) {
      throw new BinderError(
        'BINDER_POPULATION_CHANGED',
        `the answers of ${q.file_name} changed since the package was generated (new evidence or a review); generate a new package`,
      );
    }
    const base = `questionnaire-${q.ref}-${q.filled.file_name.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
    out.push([base, bytes]);
    if (evidence) out.push([evidenceCsvName(base), evidence]);
  }
  return out;
}
