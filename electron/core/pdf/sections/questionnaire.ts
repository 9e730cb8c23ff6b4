/** Section 3: the vendor security questionnaire, answered from the evidence. */
import type { ReactElement } from 'react';
import { Text, View } from '@react-pdf/renderer';
import type { PackageDoc, QuestionCategory } from '../../../../shared/package/package-types.js';
import { C, h, heading, s, type PdfSection } from '../kit/primitives.js';

export const CATEGORY_TITLES: Record<QuestionCategory, string> = {
  data_access: 'Data access',
  data_storage: 'Data storage',
  access_control: 'Access control',
  monitoring: 'Monitoring',
  incident_response: 'Incident response',
};

export function questionnaireSection(doc: PackageDoc): ReactElement[] {
  const out: ReactElement[] = [heading(QUESTIONNAIRE_SECTION)];
  out.push(h(Text, { style: s.note }, 'Answers are computed from the verified evidence. Question wording is Crosscheck\u2019s own; the CAIQ v4 question IDs say which questionnaire items each answer addresses.'));
  for (const cat of Object.keys(CATEGORY_TITLES) as QuestionCategory[]) {
    out.push(h(Text, { style: s.h2, minPresenceAhead: 60 }, CATEGORY_TITLES[cat]));
    for (const q of doc.questionnaire.filter((qq) => qq.category === cat)) {
      const color = q.answer === 'yes' ? C.permit : q.answer === 'no' ? C.deny : q.answer === 'partial' ? C.escalate : C.muted;
      out.push(
        h(
          View,
          { style: s.qa, wrap: false },
          h(Text, { style: { fontWeight: 'bold' } }, `${q.id}  ${q.question}`),
          h(Text, { style: s.muted }, `CAIQ v4: ${q.caiq.join(', ')}`),
          h(Text, null, h(Text, { style: [s.badge, { color }] }, `${q.answer.toUpperCase().replace('_', ' ')}  `), q.response),
          ...q.evidence.slice(0, 12).map((e, i) => h(Text, { key: String(i), style: s.note }, `Evidence: ${e.source} \u2014 ${e.detail}`)),
        ),
      );
    }
  }
  return out;
}

/** Section questionnaire: its anchor, title and body. */
export const QUESTIONNAIRE_SECTION: PdfSection = { id: 'questionnaire', title: '3. Vendor security questionnaire', render: (ctx) => questionnaireSection(ctx.doc) };
