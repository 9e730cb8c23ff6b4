/** The custody records of this package. */
import type { PackageView } from '../../../../../shared/api/view-types.js';
import { formatTs, shortId } from '../../../logic/format.js';
import { Section } from './section.js';

export function CustodySection({ custody }: { custody: PackageView['custody'] }) {
  return (
    <Section title="Custody of this package" testId="pkg-custody">
      <ul className="plain">
        {custody.map((c) => (
          <li key={c.seq} data-testid="pkg-custody-row">
            #{c.seq} {formatTs(c.ts)} · {c.actor} · {c.action} ·{' '}
            <span className="mono">{shortId(c.hash, 12)}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
