/** Crosscheck's own custody log: every record, and a check of its hash chain. */
import { useState } from 'react';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { Head } from '../../components/table-head.js';
import { formatCount, formatTs, shortId } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';

export function CustodyPanel() {
  const client = useClient();
  const log = useApi('custody.list', { limit: 200 });
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const verify = async () => {
    const r = await client.call('custody.verify', {});
    if (!r.ok) setCheck({ ok: false, text: r.error.message });
    else if (r.value.ok)
      setCheck({
        ok: true,
        text: `Custody log intact: ${formatCount(r.value.entries)} records, every hash and link recomputed; head ${shortId(r.value.head, 16)}.`,
      });
    else
      setCheck({
        ok: false,
        text: `Custody log BROKEN: ${r.value.problems.map((p) => `#${p.seq} ${p.problem}`).join('; ')}`,
      });
  };
  return (
    <div className="panel" data-testid="custody-panel">
      <h2>Custody log</h2>
      <p className="muted">
        Crosscheck’s own append-only, hash-chained record of who generated and handed over what, from which
        exports.
      </p>
      <button type="button" onClick={() => void verify()} data-testid="custody-verify">
        Verify the chain
      </button>
      {check && (
        <p
          className={check.ok ? 'check-pass' : 'inline-error'}
          role="status"
          data-testid="custody-result"
          data-ok={check.ok ? 'true' : 'false'}
        >
          {check.text}
        </p>
      )}
      {log.state === 'loading' && <Loading />}
      {log.state === 'error' && <ErrorBanner error={log.error} onRetry={log.reload} />}
      {log.state === 'ready' && log.value.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {log.state === 'ready' && log.value.length > 0 && (
        <table className="grid" data-testid="custody-table">
          <Head
            cols={['#', 'When', 'Who', 'What', 'Package', 'From exports', 'Hash']}
            num={['#', 'From exports']}
          />
          <tbody>
            {log.value.map((c) => (
              <tr key={c.seq} data-testid="custody-row" data-action={c.action}>
                <td className="num">{c.seq}</td>
                <td className="nowrap">{formatTs(c.ts)}</td>
                <td>{c.actor}</td>
                <td>{c.action}</td>
                <td>
                  <a className="mono" href={formatHash('packages', [c.subject])} title={c.subject}>
                    {shortId(c.subject, 12)}
                  </a>
                </td>
                <td className="num" title={c.exports.join('\n')}>
                  {c.exports.length}
                </td>
                <td className="mono" title={`${c.hash}\nprev ${c.prev_hash}`}>
                  {shortId(c.hash, 12)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
