/** 4. Sub-processors: who handles the data, and what was seen flowing to them. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { Head } from '../../../components/table-head.js';
import { formatCount } from '../../../logic/format.js';
import { Section } from './section.js';

export function SubprocessorsSection({ doc }: { doc: PackageDoc }) {
  return (
    <Section title="4. Sub-processors" testId="pkg-subprocessors">
      <table className="grid">
        <Head cols={['Role', 'Legal entity', 'Service', 'Data types', 'SOC 2', 'Calls']} num={['Calls']} />
        <tbody>
          {doc.subprocessors.map((s, i) => (
            <tr key={i} data-testid="pkg-subprocessor" data-mapped={s.mapped ? 'true' : 'false'}>
              <td>{s.role === 'connector' ? `connector ${s.connector ?? ''}` : s.role.replace('_', ' ')}</td>
              <td>{s.mapped ? s.legal_entity : <span className="inline-error">unmapped</span>}</td>
              <td>{s.service ?? '—'}</td>
              <td className="small">
                {(s.observed_data_types.length > 0 ? s.observed_data_types : s.data_types).join(', ') || '—'}
              </td>
              <td>{s.soc2.replace('_', ' ')}</td>
              <td className="num">{formatCount(s.calls)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
