/** The sidebar's engagement switcher: which client and period every screen shows, and a new one. */
import { useState } from 'react';
import { useEngagement } from './engagement-context.js';
import { EngagementDialog } from './engagement-dialog.js';
import { periodLabel } from './engagement-format.js';

export function EngagementPicker() {
  const { engagements, current, select, reload } = useEngagement();
  const [editing, setEditing] = useState<'new' | 'edit' | null>(null);
  if (!engagements) return null;
  return (
    <section className="engagement-picker" aria-label="Engagement">
      <label htmlFor="engagement-select" className="engagement-label">
        Engagement
      </label>
      {engagements.length === 0 ? (
        <p className="muted engagement-none" data-testid="engagement-none">
          None yet: importing an export creates its client’s engagement.
        </p>
      ) : (
        <select id="engagement-select" data-testid="engagement-select" value={current?.id ?? ''} onChange={(e) => select(e.target.value)}>
          {engagements.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      )}
      {current && (
        <div className="engagement-facts" data-testid="engagement-facts">
          <span title="Audit period">{periodLabel(current)}</span>
          <span title="Frameworks in scope">{current.frameworks.map((f) => (f === 'soc2' ? 'SOC 2' : 'ISO 27001')).join(' · ')}</span>
          <span>
            {current.exports} {current.exports === 1 ? 'export' : 'exports'}
            {current.voided > 0 ? ` (${current.voided} voided)` : ''}
          </span>
        </div>
      )}
      <div className="engagement-actions">
        {current && (
          <button type="button" className="link" data-testid="engagement-edit" onClick={() => setEditing('edit')}>
            Edit
          </button>
        )}
        <button type="button" className="link" data-testid="engagement-new" onClick={() => setEditing('new')}>
          New engagement
        </button>
      </div>
      {editing && (
        <EngagementDialog
          engagement={editing === 'edit' ? current : null}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              reload();
              select(saved.id);
            }
          }}
        />
      )}
    </section>
  );
}
