/** Readiness per framework in a package made with a framework choice, with the SoA's size and gaps. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { formatHash } from '../../../logic/routes.js';
import { Section } from './section.js';

const NAMES: Record<string, string> = { soc2: 'SOC 2', iso27001: 'ISO/IEC 27001:2022 Annex A' };

export function FrameworksSection({ doc }: { doc: PackageDoc }) {
  const f = doc.frameworks;
  if (!f) return null;
  return (
    <Section title="Frameworks: readiness" testId="pkg-frameworks">
      {Object.entries(f.readiness).map(([id, r]) =>
        r ? (
          <div key={id} data-testid="pkg-readiness" data-framework={id}>
            <h3>{NAMES[id] ?? id}</h3>
            <p>
              <strong className="formula">{r.overall.shown}</strong>
            </p>
            <p className="muted small formula">{r.formula}</p>
          </div>
        ) : null,
      )}
      {f.soa && (
        <p data-testid="pkg-soa-count">
          Statement of Applicability: {f.soa.length} Annex A controls, {f.soa.filter((s) => !s.applicable).length}{' '}
          excluded. <a href={formatHash('frameworks')}>Open the Frameworks screen</a> to review and edit it.
        </p>
      )}
      {f.mapping && (
        <p className="small">
          The platform's mapping ({f.mapping.file}) checked: {f.mapping.claims.length} claims.
        </p>
      )}
    </Section>
  );
}
