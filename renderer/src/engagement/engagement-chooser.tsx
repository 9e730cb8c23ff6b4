/**
 * The first screen of a store that holds several clients and no engagement chosen yet on this
 * machine: which client and period to open. A single-client store never sees it.
 */
import type { EngagementView } from '../../../shared/engagement/engagement-types.js';
import { periodLabel } from './engagement-format.js';

export function EngagementChooser({ engagements, onChoose }: { engagements: EngagementView[]; onChoose: (id: string) => void }) {
  return (
    <main className="engagement-chooser" data-testid="engagement-chooser">
      <h1>Choose an engagement</h1>
      <p className="muted">This store holds {engagements.length} engagements. Every screen, count and package shows one of them at a time.</p>
      <ul>
        {engagements.map((e) => (
          <li key={e.id}>
            <button type="button" data-testid="engagement-choose" data-engagement={e.id} onClick={() => onChoose(e.id)}>
              <strong>{e.name}</strong>
              <span className="small muted">{e.orgs.map((o) => o.orgName ?? o.orgId).join(', ') || 'no organisation yet'}</span>
              <span className="small">
                {periodLabel(e)} · {e.frameworks.map((f) => (f === 'soc2' ? 'SOC 2' : 'ISO 27001')).join(' · ')} · {e.exports} {e.exports === 1 ? 'export' : 'exports'}
                {e.voided > 0 ? ` (${e.voided} voided)` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
