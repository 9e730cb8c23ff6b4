/** The infrastructure / platform / tenant responsibility matrix of the package. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { Section } from './section.js';

export function ResponsibilitySection({ doc }: { doc: PackageDoc }) {
  return (
    <Section title="Responsibility matrix" testId="pkg-responsibility">
      <table className="grid matrix">
        <thead>
          <tr>
            {doc.responsibility.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {doc.responsibility.rows.map((r) => (
            <tr key={r[0]}>
              {r.map((cell, i) => (
                <td key={i} className="small">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
