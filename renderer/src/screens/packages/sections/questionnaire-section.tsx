/** 3. The package's own vendor security questionnaire, with each answer's evidence. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { Head } from '../../../components/table-head.js';
import { Section } from './section.js';

const CATEGORY_TITLES: Record<string, string> = {
  data_access: 'Data access',
  data_storage: 'Data storage',
  access_control: 'Access control',
  monitoring: 'Monitoring',
  incident_response: 'Incident response',
};

export function QuestionnaireSection({ doc }: { doc: PackageDoc }) {
  return (
    <Section title="3. Vendor security questionnaire" testId="pkg-questionnaire">
      <table className="grid">
        <Head cols={['Category', 'Question', 'Answer', 'Evidence', 'CAIQ v4']} />
        <tbody>
          {doc.questionnaire.map((q) => (
            <tr key={q.id} data-testid="pkg-question">
              <td>{CATEGORY_TITLES[q.category] ?? q.category}</td>
              <td>
                {q.question}
                <div className="muted small">{q.response}</div>
              </td>
              <td>
                <span className="badge">{q.answer.replace('_', ' ')}</span>
              </td>
              <td className="small">
                {q.evidence.map((e, i) => (
                  <div key={i}>
                    <strong>{e.source}</strong>: {e.detail}
                  </div>
                ))}
              </td>
              <td className="mono small">{q.caiq.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
