/** Paste the platform's own framework mapping (CSV, Markdown or HTML table) and see each claim checked against the trail. */
import { useState } from 'react';
import { CLAIM_VERDICT_TITLES, type MappingClaim } from '../../../../shared/frameworks/mapping-check.js';
import { useClient } from '../../api-context.js';

export function MappingPanel() {
  const client = useClient();
  const [text, setText] = useState('');
  const [claims, setClaims] = useState<MappingClaim[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = async () => {
    const r = await client.call('mapping.check', { text });
    if (r.ok) {
      setClaims(r.value);
      setError(null);
    } else setError(r.error.message);
  };
  return (
    <section className="panel" aria-label="Platform mapping check" data-testid="mapping">
      <h2>The platform’s own mapping, checked</h2>
      <p className="muted">
        Paste the vendor’s table (CSV, Markdown or HTML: framework id, platform control, evidence claimed).
        2013 Annex A ids are translated to 2022.
      </p>
      <textarea
        data-testid="mapping-text"
        rows={5}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Vendor mapping"
      />
      <div>
        <button
          type="button"
          data-testid="mapping-check"
          disabled={text.trim() === ''}
          onClick={() => void check()}
        >
          Check the mapping
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {claims && (
        <table className="grid" data-testid="mapping-results" data-claims={claims.length}>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Claim</th>
              <th scope="col">Verdict</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c, i) => (
              <tr
                key={i}
                data-testid="mapping-claim"
                data-verdict={c.verdict}
                data-obsolete={c.obsolete ? 'true' : 'false'}
                data-mislabel={c.mislabel ? 'true' : 'false'}
              >
                <td className="num">{c.line}</td>
                <td>
                  {c.given}
                  {c.platformControl && <div className="muted small">{c.platformControl}</div>}
                </td>
                <td>
                  <span className={`badge verdict-${c.verdict}`}>{CLAIM_VERDICT_TITLES[c.verdict]}</span>
                  {c.obsolete && <div className="flag">2013 numbering</div>}
                  {c.mislabel && <div className="flag">mislabel: {c.mislabel}</div>}
                </td>
                <td className="message">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
