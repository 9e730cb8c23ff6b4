/** Responsibility: who answers for each criterion (infrastructure / platform / tenant), editable and kept in the store. */
import { useEffect, useState } from 'react';
import type { ResponsibilityCell, ResponsibilityLayer } from '../../../../shared/api/view-types.js';
import type { ApiError } from '../../../../shared/api/result.js';
import { LAYER_TITLES, RESPONSIBILITY_LAYERS } from '../../../../shared/controls/responsibility.js';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { formatTs } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';

export function ResponsibilityScreen() {
  const rows = useApi('responsibility.get', {});
  const [editing, setEditing] = useState<{ criterion: string; layer: ResponsibilityLayer } | null>(null);
  return (
    <section className="screen" data-testid="screen-responsibility" data-ready={rows.state === 'ready' ? 'true' : 'false'}>
      <header className="screen-head">
        <h1>Responsibility</h1>
        <span className="muted">Shared-responsibility model of a governance platform on a SOC 2 certified host</span>
      </header>
      <p className="muted small" data-testid="responsibility-legend">
        The tenant column is what a SOC 2 report calls the complementary user entity controls (CUECs); the
        infrastructure column the complementary subservice organisation controls (CSOCs) of the host. Packages list
        both. Each cell links to the evidence behind it.
      </p>
      {rows.state === 'loading' && <Loading />}
      {rows.state === 'error' && <ErrorBanner error={rows.error} onRetry={rows.reload} />}
      {rows.state === 'ready' && (
        <table className="grid matrix" data-testid="responsibility-table">
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              {RESPONSIBILITY_LAYERS.map((l) => (
                <th key={l} scope="col">
                  {LAYER_TITLES[l]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.value.map((r) => (
              <tr key={r.criterion} data-testid="responsibility-row" data-criterion={r.criterion}>
                <th scope="row">
                  <strong>{r.criterion}</strong>
                  <div className="muted small">{r.title}</div>
                </th>
                {RESPONSIBILITY_LAYERS.map((l) => {
                  const cell = r.cells[l];
                  const isEditing = editing?.criterion === r.criterion && editing.layer === l;
                  return (
                    <td key={l} data-testid="responsibility-cell" data-layer={l} data-edited={cell.edited ? 'true' : 'false'}>
                      {isEditing ? (
                        <CellEditor
                          cell={cell}
                          onDone={() => {
                            setEditing(null);
                            rows.reload();
                          }}
                        />
                      ) : (
                        <button
                          type="button"
                          className="cell-button"
                          data-testid="cell-edit"
                          aria-label={`Edit ${r.criterion} ${l}`}
                          onClick={() => setEditing({ criterion: r.criterion, layer: l })}
                        >
                          <span data-testid="cell-text">{cell.text || <span className="muted">(empty)</span>}</span>
                          {cell.notes && (
                            <span className="cell-notes" data-testid="cell-notes">
                              Note: {cell.notes}
                            </span>
                          )}
                          {cell.edited && <span className="muted small">edited {formatTs(cell.updatedAt)}</span>}
                        </button>
                      )}
                      <CellEvidence criterion={r.criterion} layer={l} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CellEditor({ cell, onDone }: { cell: ResponsibilityCell; onDone: () => void }) {
  const client = useClient();
  const [text, setText] = useState(cell.text);
  const [notes, setNotes] = useState(cell.notes);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setText(cell.text);
    setNotes(cell.notes);
  }, [cell]);
  const save = async () => {
    setSaving(true);
    const r = await client.call('responsibility.set', { criterion: cell.criterion, layer: cell.layer, text, notes });
    setSaving(false);
    if (r.ok) onDone();
    else setError(r.error);
  };
  const reset = async () => {
    const r = await client.call('responsibility.reset', { criterion: cell.criterion, layer: cell.layer });
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <div
      className="cell-editor"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
      }}
    >
      <label>
        Responsibility
        <textarea data-testid="cell-text-input" value={text} rows={4} autoFocus onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        Notes
        <textarea data-testid="cell-notes-input" value={notes} rows={2} onChange={(e) => setNotes(e.target.value)} />
      </label>
      {error && <ErrorBanner error={error} />}
      <div className="row">
        <button type="button" data-testid="cell-save" disabled={saving} onClick={() => void save()}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        {cell.edited && (
          <button type="button" className="link" onClick={() => void reset()}>
            Reset to default
          </button>
        )}
      </div>
    </div>
  );
}

/** Where a cell's claim can be checked: the trail's lines for the criterion (the tenant's: its users'), or the host's report. */
function CellEvidence({ criterion, layer }: { criterion: string; layer: ResponsibilityLayer }) {
  if (layer === 'infrastructure') {
    return (
      <a className="small cell-evidence" href={formatHash('controls', [], { criterion })} data-testid="cell-evidence">
        Evidence: the host's own report (attach it under Controls)
      </a>
    );
  }
  const params = layer === 'tenant' ? { controls: criterion, actorType: 'user' } : { controls: criterion };
  return (
    <a className="small cell-evidence" href={formatHash('trail', [], params)} data-testid="cell-evidence">
      {layer === 'tenant' ? "Evidence: the client's users' lines" : "Evidence: the trail's lines"} for {criterion}
    </a>
  );
}
