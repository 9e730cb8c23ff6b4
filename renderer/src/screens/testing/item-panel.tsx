/**
 * One sampled item with all its evidence on one screen: the entry's exact line, its inclusion
 * proof, the re-evaluation trace, the approval chain and its findings; and the tester's pass or
 * exception per attribute, with a note.
 */
import { useState } from 'react';
import type { TestingSheet } from '../../../../shared/sampling/workpaper-types.js';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { formatTs, prettyJson, shortId } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';

export function ItemPanel({
  sheet,
  item,
  onChange,
}: {
  sheet: TestingSheet;
  item: number;
  onChange: (s: TestingSheet) => void;
}) {
  const evidence = useApi('testing.item', { workpaperId: sheet.summary.id, item });
  const it = sheet.workpaper.items[item]!;
  return (
    <aside
      className="panel item-panel"
      data-testid="item-panel"
      data-item={item}
      data-ready={evidence.state === 'ready' ? 'true' : 'false'}
    >
      <h2>
        Item {item + 1}: seq {it.seq}, {it.action_type}
      </h2>
      <Attributes sheet={sheet} item={item} onChange={onChange} />
      {evidence.state === 'loading' && <Loading label="Loading the evidence…" />}
      {evidence.state === 'error' && <ErrorBanner error={evidence.error} onRetry={evidence.reload} />}
      {evidence.state === 'ready' && (
        <>
          <h3>Entry</h3>
          <p>
            {formatTs(it.ts)} · agent {shortId(it.agent_id)} · leaf{' '}
            <code>{shortId(evidence.value.entry.leafHash, 16)}</code> ·{' '}
            <a href={formatHash('trail', [], { entry: evidence.value.ref })}>open in the audit trail</a>
          </p>
          <pre className="line" data-testid="item-line">
            {prettyJson(evidence.value.entry.parsed)}
          </pre>
          <h3>Inclusion proof</h3>
          {evidence.value.entry.proof ? (
            <p data-testid="item-proof" data-verified={String(evidence.value.entry.proof.verified)}>
              Leaf {evidence.value.entry.proof.leafIndex} of {evidence.value.entry.proof.treeSize},{' '}
              {evidence.value.entry.proof.path.length} hashes to root{' '}
              <code>{shortId(evidence.value.entry.proof.root, 16)}</code>:{' '}
              {evidence.value.entry.proof.verified ? 're-checked against the signed root' : 'NOT re-checked'}
            </p>
          ) : (
            <p data-testid="item-proof" data-verified="false">
              {evidence.value.entry.proofError}
            </p>
          )}
          <h3>Findings</h3>
          {evidence.value.entry.findings.length === 0 ? (
            <p className="muted">None on this entry.</p>
          ) : (
            <ul data-testid="item-findings">
              {evidence.value.entry.findings.map((f) => (
                <li key={f.id}>
                  <strong>{f.kind}</strong>: {f.message}
                </li>
              ))}
            </ul>
          )}
          <h3>Approval chain</h3>
          {evidence.value.approval ? (
            <div data-testid="item-approval">
              <p>
                Approval <code>{shortId(evidence.value.approval.approvalId)}</code>: requested for agent{' '}
                {shortId(evidence.value.approval.requester)}, reviewed by{' '}
                {shortId(evidence.value.approval.reviewer) || '–'} (
                {evidence.value.approval.reviewerRole ?? 'role not in a trace'}),{' '}
                {evidence.value.approval.decision ?? 'no decision'}, expires{' '}
                {formatTs(evidence.value.approval.expiresAt)}
              </p>
              <ul>
                {evidence.value.approval.links.map((l) => (
                  <li key={l.ref}>
                    seq {l.seq} {formatTs(l.ts)} {l.action_type} by {l.actor}: {l.detail}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted">This entry names no approval.</p>
          )}
          <h3>Re-evaluation trace</h3>
          {evidence.value.traceText ? (
            <pre className="line" data-testid="item-trace">
              {evidence.value.traceText}
            </pre>
          ) : (
            <p className="muted">
              Only connector calls are re-decided; this entry is evidence as recorded and verified.
            </p>
          )}
        </>
      )}
    </aside>
  );
}

function Attributes({
  sheet,
  item,
  onChange,
}: {
  sheet: TestingSheet;
  item: number;
  onChange: (s: TestingSheet) => void;
}) {
  const client = useClient();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const record = async (attribute: string, result: 'pass' | 'exception') => {
    setError(null);
    const r = await client.call('testing.record', {
      workpaperId: sheet.summary.id,
      item,
      attribute,
      result,
      note: notes[attribute] ?? '',
    });
    if (r.ok) onChange(r.value);
    else setError(r.error.message);
  };
  const passRemaining = async () => {
    for (const a of sheet.workpaper.attributes) {
      if (sheet.results.some((x) => x.item === item && x.attribute === a.id)) continue;
      const r = await client.call('testing.record', {
        workpaperId: sheet.summary.id,
        item,
        attribute: a.id,
        result: 'pass',
        note: notes[a.id] ?? '',
      });
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      onChange(r.value);
    }
  };
  return (
    <div data-testid="attributes">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Result</th>
            <th scope="col">Note</th>
            <th scope="col">Record</th>
          </tr>
        </thead>
        <tbody>
          {sheet.workpaper.attributes.map((a) => {
            const got = sheet.results.find((r) => r.item === item && r.attribute === a.id);
            return (
              <tr
                key={a.id}
                data-testid="attribute-row"
                data-attribute={a.id}
                data-result={got?.result ?? 'none'}
              >
                <td title={a.id}>{a.title}</td>
                <td>
                  {got ? `${got.result}${got.source === 'finding' ? ' (prefilled from findings)' : ''}` : '–'}
                  {got?.note ? <div className="small muted">{got.note}</div> : null}
                </td>
                <td>
                  <input
                    aria-label={`Note on ${a.id}`}
                    value={notes[a.id] ?? ''}
                    onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })}
                    data-testid={`note-${a.id}`}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => void record(a.id, 'pass')}
                    data-testid={`pass-${a.id}`}
                  >
                    Pass
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => void record(a.id, 'exception')}
                    data-testid={`exception-${a.id}`}
                  >
                    Exception
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={() => void passRemaining()} data-testid="pass-remaining">
        Pass every attribute not yet recorded
      </button>
      {error && (
        <p role="alert" className="sev-text-high" data-testid="record-error">
          {error}
        </p>
      )}
    </div>
  );
}
