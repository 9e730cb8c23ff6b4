/** 5. SOC 2 control mappings: evidence and findings per criterion. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { Head } from '../../../components/table-head.js';
import { formatCount } from '../../../logic/format.js';
import { Section } from './section.js';

export function Soc2Section({ doc }: { doc: PackageDoc }) {
  return (
    <Section title="5. SOC 2 control mappings" testId="pkg-soc2">
      <table className="grid">
        <Head cols={['Criterion', 'Evidence', 'Findings', 'Action types']} num={['Evidence', 'Findings']} />
        <tbody>
          {doc.soc2.criteria.map((c) => (
            <tr key={c.criterion} data-testid="pkg-criterion" data-criterion={c.criterion}>
              <td>
                <strong>{c.criterion}</strong>
              </td>
              <td className="num">{formatCount(c.evidence_count)}</td>
              <td className="num">{formatCount(c.findings)}</td>
              <td className="small">
                {c.action_types.map((a) => `${a.action_type} ${formatCount(a.count)}`).join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
