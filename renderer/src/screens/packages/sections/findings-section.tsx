/** The findings that bear on the package scope, by kind and criteria. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { formatCount } from '../../../logic/format.js';
import { Section } from './section.js';

export function FindingsSection({ doc }: { doc: PackageDoc }) {
  return (
    <Section title="Findings" testId="pkg-findings">
      <p data-testid="pkg-finding-count">
        {doc.findings.length === 0
          ? 'No findings bear on this scope.'
          : `${formatCount(doc.findings.length)} findings bear on this scope.`}
      </p>
      {doc.soc2.findings.length > 0 && (
        <ul className="plain">
          {doc.soc2.findings.map((f) => (
            <li key={f.kind}>
              <span className="mono">{f.kind}</span> ×{formatCount(f.count)}{' '}
              <span className="muted">({f.criteria.join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
