/**
 * Voiding a mistaken import (wrong client, wrong period): the export stays on record, leaves every
 * count of the engagement, and the reason goes to the custody log. A void cannot be undone.
 */
import { useState } from 'react';
import type { ExportSummary } from '../../../shared/api/view-types.js';
import type { ApiError } from '../../../shared/api/result.js';
import { useClient, useRevision } from '../api-context.js';
import { ErrorBanner } from '../components/states.js';
import { formatTs } from '../logic/format.js';

export function VoidExportPanel({ summary }: { summary: ExportSummary }) {
  const client = useClient();
  const { bump } = useRevision();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  if (summary.voided) {
    return (
      <p className="void-note" role="note" data-testid="export-voided">
        Voided {formatTs(summary.voided.at)} by {summary.voided.by}: “{summary.voided.reason}”. It is kept for the record and counted nowhere.
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" className="link danger" data-testid="void-open" onClick={() => setOpen(true)}>
        Void this import…
      </button>
    );
  }
  const submit = async () => {
    const r = await client.call('exports.void', { exportRef: summary.exportRef, reason: reason.trim() });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setOpen(false);
    bump();
  };
  return (
    <form
      className="void-form"
      data-testid="void-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Why is this import void? (recorded in the custody log; the export is kept but counted nowhere)
        <textarea data-testid="void-reason" value={reason} maxLength={2000} rows={2} onChange={(e) => setReason(e.target.value)} />
      </label>
      {error && <ErrorBanner error={error} />}
      <div className="dialog-buttons">
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button type="submit" className="danger" data-testid="void-confirm" disabled={reason.trim().length < 3}>
          Void import
        </button>
      </div>
    </form>
  );
}
