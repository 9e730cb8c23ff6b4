/** The edit form of one SoA entry: applicable, justification, implementation; Ctrl+Enter saves, Escape cancels. */
import { useState } from 'react';
import {
  IMPLEMENTATION_LABELS,
  IMPLEMENTATION_STATUSES,
  type ImplementationStatus,
  type SoaRow,
} from '../../../../shared/frameworks/soa.js';

export interface SoaPatchIn {
  applicable?: boolean | null;
  justification?: string | null;
  implementation?: ImplementationStatus | null;
}

export function SoaEditor({
  row,
  onSave,
  onCancel,
}: {
  row: SoaRow;
  onSave: (p: SoaPatchIn) => Promise<string | null>;
  onCancel: () => void;
}) {
  const [applicable, setApplicable] = useState(row.applicable);
  const [justification, setJustification] = useState(
    row.edited ? row.justification : row.applicable ? '' : row.justification,
  );
  const [implementation, setImplementation] = useState<ImplementationStatus>(row.implementation);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    const e = await onSave({
      applicable,
      justification: justification.trim() === '' ? null : justification,
      implementation,
    });
    setBusy(false);
    setError(e);
  };
  return (
    <form
      className="soa-editor"
      data-testid="soa-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <label>
        <input
          type="checkbox"
          data-testid="soa-applicable"
          checked={applicable}
          onChange={(e) => setApplicable(e.target.checked)}
          autoFocus
        />{' '}
        Applicable
      </label>
      <label>
        Implementation{' '}
        <select
          data-testid="soa-implementation"
          value={implementation}
          onChange={(e) => setImplementation(e.target.value as ImplementationStatus)}
        >
          {IMPLEMENTATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {IMPLEMENTATION_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        Justification {applicable ? '(empty: the computed draft stands)' : '(required for an exclusion)'}
        <textarea
          data-testid="soa-justification"
          rows={3}
          maxLength={4000}
          value={justification}
          placeholder={row.draft.justification}
          onChange={(e) => setJustification(e.target.value)}
        />
      </label>
      <div className="actions">
        <button type="submit" data-testid="soa-save" disabled={busy}>
          Save (Ctrl+Enter)
        </button>
        <button type="button" onClick={onCancel}>
          Cancel (Esc)
        </button>
        {row.edited && (
          <button
            type="button"
            data-testid="soa-reset"
            onClick={() =>
              void onSave({ applicable: null, justification: null, implementation: null }).then(setError)
            }
          >
            Back to the draft
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
