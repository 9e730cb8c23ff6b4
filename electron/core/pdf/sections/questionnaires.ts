/**
 * The customer's questionnaires (SIG Lite, CAIQ…) answered in the engagement: per workbook its
 * hash, how many answers were reviewed, the count of each answer, and every answer with how it was
 * reached. A "Yes" a finding contradicts cannot stand: it is shown overridden, with its reason.
 */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { ANSWER_LABELS, type AnswerValue } from '../../../../shared/questionnaire/questionnaire-types.js';
import { h, heading, n, s, table, type PdfSection } from '../kit/primitives.js';

const label = (a: string): string => ANSWER_LABELS[a as AnswerValue] ?? a;

export function questionnairesSection(doc: PackageDoc): ReactElement[] {
  const out: ReactElement[] = [heading(QUESTIONNAIRES_SECTION)];
  for (const q of doc.questionnaires ?? []) {
    const counts = Object.entries(q.answers)
      .map(([a, c]) => `${label(a)} ${n(c)}`)
      .join(' · ');
    out.push(
      h(Text, { style: s.h2, key: `${q.sha256}-h` }, q.file_name),
      h(
        Text,
        { style: s.p, key: `${q.sha256}-p` },
        `Workbook SHA-256 ${q.sha256} (${q.layout} layout): ${n(q.questions)} questions, ${n(q.reviewed)} reviewed. ${counts}. Answers are computed from the engagement's verified evidence; "Not evidenced by the audit trail" is said where the trail cannot show it, and an answer a finding contradicts is never Yes without a reviewer's override and reason.`,
      ),
      table(
        [
          { title: 'Question', flex: 1.2 },
          { title: 'Answer', flex: 1.6 },
          { title: 'How it was reached', flex: 6 },
        ],
        q.items.map((it) => [
          it.id ?? '-',
          label(it.answer) + (it.overridden ? ' (override)' : '') + (it.contradicted ? ' · finding' : ''),
          it.narrative.length > 300 ? `${it.narrative.slice(0, 297)}…` : it.narrative,
        ]),
        { what: 'answers', limit: 400 },
      ),
    );
  }
  return out;
}

/** Section questionnaires: only in a package whose engagement holds a customer questionnaire. */
export const QUESTIONNAIRES_SECTION: PdfSection = {
  id: 'questionnaires',
  title: '3. Customer questionnaires',
  render: (ctx) => questionnairesSection(ctx.doc),
  applies: (doc) => (doc.questionnaires?.length ?? 0) > 0,
};
