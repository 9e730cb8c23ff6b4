/** Create or edit an engagement: name, audit period, frameworks in scope (each change is recorded). */
import { useEffect, useRef, useState } from 'react';
import type { EngagementView, FrameworkId } from '../../../shared/engagement/engagement-types.js';
import type { ApiError } from '../../../shared/api/result.js';
import { useClient } from '../api-context.js';
import { ErrorBanner } from '../components/states.js';
import { dayBound } from './engagement-format.js';

const FRAMEWORKS: { id: FrameworkId; label: string }[] = [
  { id: 'soc2', label: 'SOC 2 (Trust Services Criteria)' },
  { id: 'iso27001', label: 'ISO/IEC 27001:2022 Annex A' },
];

export function EngagementDialog({ engagement, onClose }: { engagement: EngagementView | null; onClose: (saved: EngagementView | null) => void }) {
  const client = useClient();
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(engagement?.name ?? '');
  const [from, setFrom] = useState(engagement?.periodFrom?.slice(0, 10) ?? '');
  const [to, setTo] = useState(engagement?.periodTo?.slice(0, 10) ?? '');
  const [frameworks, setFrameworks] = useState<FrameworkId[]>(engagement?.frameworks ?? ['soc2']);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const save = async () => {
    const periodFrom = from === '' ? null : dayBound(from, false);
    const periodTo = to === '' ? null : dayBound(to, true);
    const args = { name: name.trim(), periodFrom, periodTo, frameworks };
    const r = engagement ? await client.call('engagements.update', { engagementId: engagement.id, ...args }) : await client.call('engagements.create', args);
    if (!r.ok) setError(r.error);
    else onClose(r.value);
  };

  return (
    <dialog ref={ref} className="about engagement-dialog" data-testid="engagement-dialog" onClose={() => onClose(null)}>
      <h2>{engagement ? `Edit ${engagement.name}` : 'New engagement'}</h2>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Client and engagement name
          <input data-testid="engagement-name" value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset>
          <legend>Audit period (UTC days; empty: the span of the exports)</legend>
          <label>
            From <input type="date" data-testid="engagement-from" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To <input type="date" data-testid="engagement-to" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Frameworks in scope</legend>
          {FRAMEWORKS.map((f) => (
            <label key={f.id}>
              <input
                type="checkbox"
                data-testid={`engagement-fw-${f.id}`}
                checked={frameworks.includes(f.id)}
                onChange={(e) => setFrameworks((cur) => (e.target.checked ? [...cur, f.id] : cur.filter((x) => x !== f.id)))}
              />
              {f.label}
            </label>
          ))}
        </fieldset>
        {error && <ErrorBanner error={error} />}
        <div className="dialog-buttons">
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
          <button type="submit" data-testid="engagement-save" disabled={name.trim() === '' || frameworks.length === 0}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
