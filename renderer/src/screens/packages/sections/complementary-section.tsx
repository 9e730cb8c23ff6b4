/** The complementary controls of the package: CUECs for the client, CSOCs for the named host. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import type { ComplementaryControl } from '../../../../../shared/package/complementary-controls.js';
import { Head } from '../../../components/table-head.js';
import { Section } from './section.js';

const SOC2_WORDS: Record<string, string> = {
  type_ii: 'SOC 2 Type II report',
  type_i: 'SOC 2 Type I report',
  none: 'no SOC 2 report',
  unknown: 'SOC 2 status unknown',
};

function Rows({ list, testId }: { list: readonly ComplementaryControl[]; testId: string }) {
  return (
    <table className="grid" data-testid={testId}>
      <Head cols={['Criterion', 'Operated by', 'Control']} />
      <tbody>
        {list.map((c, i) => (
          <tr key={i} data-testid={`${testId}-row`}>
            <td>
              <strong>{c.criterion}</strong>
            </td>
            <td>
              {c.organisation}
              {c.soc2 && <div className="muted small">{SOC2_WORDS[c.soc2]}</div>}
            </td>
            <td className="small">{c.control}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ComplementarySection({ doc }: { doc: PackageDoc }) {
  const comp = doc.complementary;
  if (!comp) return null;
  return (
    <Section title="Complementary controls" testId="pkg-complementary">
      <h3>Complementary user entity controls (CUECs) · {comp.cuecs.length}</h3>
      <p className="muted small">
        What the client organisation must operate: the tenant column of the matrix.
      </p>
      <Rows list={comp.cuecs} testId="pkg-cuec" />
      <h3>Complementary subservice organisation controls (CSOCs) · {comp.csocs.length}</h3>
      <p className="muted small">
        Carried by the host named in the sub-processor list (the infrastructure column); evidenced by its own
        report, not by this audit trail.
      </p>
      <Rows list={comp.csocs} testId="pkg-csoc" />
    </Section>
  );
}
