/**
 * The customer questionnaires of an engagement as a package records them: each workbook (name and
 * hash), how many questions were reviewed, and every answer as it stood when the package was
 * built, with whether a reviewer overrode it and whether a finding contradicts it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { PackageQuestionnaire } from '../../../shared/package/package-types.js';
import { evidenceFacts } from './evidence-facts.js';
import { listQuestionnaires, questionnaireView } from './questionnaire-store.js';

/** Every questionnaire stored in the engagement, newest first; none when it holds none. */
export async function packageQuestionnaires(db: BetterSqlite3.Database, engagementId: number): Promise<PackageQuestionnaire[]> {
  const list = listQuestionnaires(db, engagementId);
  if (list.length === 0) return [];
  const facts = evidenceFacts(db, engagementId);
  const out: PackageQuestionnaire[] = [];
  for (const q of list) {
    const view = await questionnaireView(db, q.id, engagementId, facts);
    const answers: Record<string, number> = {};
    for (const it of view.items) answers[it.final.answer] = (answers[it.final.answer] ?? 0) + 1;
    out.push({
      file_name: view.fileName,
      sha256: view.sha256,
      layout: view.layout,
      questions: view.items.length,
      reviewed: view.items.filter((i) => i.flags.reviewed).length,
      answers,
      items: view.items.map((it) => ({
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
