/** The customer's questionnaires recorded in the package: each workbook, its answer counts and every answer. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { ANSWER_LABELS, type AnswerValue } from '../../../../../shared/questionnaire/questionnaire-types.js';
import { Head } from '../../../components/table-head.js';
import { formatHash } from '../../../logic/routes.js';
import { shortId } from '../../../logic/format.js';
import { Section } from './section.js';

const label = (a: string): string => ANSWER_LABELS[a as AnswerValue] ?? a;

export function CustomerQuestionnairesSection({ doc }: { doc: PackageDoc }) {
  const qs = doc.questionnaires;
  if (!qs || qs.length === 0) return null;
  return (
    <Section title="Customer questionnaires" testId="pkg-customer-questionnaires">
      {qs.map((q) => (
        <details key={q.sha256} className="group" data-testid="pkg-customer-questionnaire">
          <summary>
            <strong>{q.file_name}</strong>{' '}
            <span className="muted small">
              {q.questions} questions, {q.reviewed} reviewed ·{' '}
              {Object.entries(q.answers)
                .map(([a, c]) => `${label(a)} ${c}`)
                .join(' · ')}{' '}
              · SHA-256 <span className="mono">{shortId(q.sha256, 12)}</span>
            </span>
          </summary>
          <table className="grid">
            <Head cols={['Question', 'Answer', 'How it was reached']} />
            <tbody>
              {q.items.map((it, i) => (
                <tr key={i} data-answer={it.answer} data-contradicted={it.contradicted ? 'true' : 'false'}>
                  <td className="mono small">{it.id ?? '—'}</td>
                  <td>
                    {label(it.answer)}
                    {it.overridden && <span className="badge">override</span>}
                  </td>
                  <td className="small">{it.narrative}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
      <p className="small">
        Review and fill them under <a href={formatHash('questionnaires')}>Questionnaires</a>.
      </p>
    </Section>
  );
}
