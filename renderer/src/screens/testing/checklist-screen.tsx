/**
 * The audit-prep checklist of the engagement (docs/checklist.md): every item checked from the
 * trail where it can say, with its evidence; the others evidenced by a document and a note.
 */
import { useState } from 'react';
import type { ChecklistItem } from '../../../../shared/checklist/checklist-types.js';
import { useApi, useClient, useRevision } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { FilePickLink, InlineError, useFileSend } from '../../components/file-pick.js';
import { formatHash } from '../../logic/routes.js';
import './testing.css';

const LABEL = { pass: 'Pass', fail: 'Fail', not_evidenced: 'Not evidenced' } as const;

export function ChecklistScreen() {
  const checklist = useApi('checklist.get', {});
  return (
    <section
      className="screen"
      data-testid="screen-checklist"
      data-ready={checklist.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <h1>Audit-prep checklist</h1>
        <a href={formatHash('testing')}>Testing</a>
      </header>
      {checklist.state === 'loading' && <Loading />}
      {checklist.state === 'error' && <ErrorBanner error={checklist.error} onRetry={checklist.reload} />}
      {checklist.state === 'ready' && (
        <table className="grid" data-testid="checklist">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Status</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {checklist.value.items.map((i) => (
              <Row key={i.id} item={i} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Row({ item }: { item: ChecklistItem }) {
  return (
    <tr data-testid="checklist-item" data-item={item.id} data-status={item.status}>
      <td>
        {item.title}
        <div className="small muted">
          {item.source === 'trail'
            ? 'checked from the trail'
            : 'the trail cannot answer: a document evidences it'}
        </div>
      </td>
      <td>
        <span className={`badge status-${item.status}`}>{LABEL[item.status]}</span>
      </td>
      <td>
        <ul>
          {item.evidence.map((e, k) => (
            <li key={k}>{e}</li>
          ))}
        </ul>
        {(item.status === 'not_evidenced' || item.source === 'document') && (
          <AttachEvidence itemId={item.id} />
        )}
      </td>
    </tr>
  );
}

function AttachEvidence({ itemId }: { itemId: string }) {
  const client = useClient();
  const { bump } = useRevision();
  const [note, setNote] = useState('');
  const { error, pick } = useFileSend(
    (file, f) => client.call('checklist.attach', { itemId, file, fileName: f.name, note }),
    bump,
  );
  return (
    <div className="small">
      <input
        aria-label={`Note for ${itemId}`}
        placeholder="what the document shows"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        data-testid={`checklist-note-${itemId}`}
      />{' '}
      <FilePickLink onFile={pick} disabled={note.trim() === ''} testId={`checklist-attach-${itemId}`}>
        Attach a document…
      </FilePickLink>
      <InlineError error={error} />
    </div>
  );
}
