/**
 * An entry's canonical line: formatted for reading by default, the exact bytes that were hashed one
 * click away (and copyable). A line that does not parse is shown as it is, and says so.
 */
import { useMemo, useState } from 'react';

function formatted(line: string): string | null {
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return null;
  }
}

export function CanonicalLine({ line }: { line: string }) {
  const pretty = useMemo(() => formatted(line), [line]);
  const [exact, setExact] = useState(false);
  const [copied, setCopied] = useState(false);
  const showExact = exact || pretty === null;
  const copy = () => {
    void navigator.clipboard?.writeText(line).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="canonical-line">
      <div className="row" role="group" aria-label="How the line is shown">
        <button
          type="button"
          aria-pressed={!showExact}
          disabled={pretty === null}
          onClick={() => setExact(false)}
          data-testid="entry-line-formatted"
        >
          Formatted
        </button>
        <button
          type="button"
          aria-pressed={showExact}
          onClick={() => setExact(true)}
          data-testid="entry-line-exact"
        >
          Exact bytes ({new TextEncoder().encode(line).length} B)
        </button>
        <button type="button" className="link" onClick={copy}>
          {copied ? 'Copied' : 'Copy the exact line'}
        </button>
      </div>
      {pretty === null && (
        <p className="inline-error small">The line is not JSON; it is shown exactly as stored.</p>
      )}
      <pre
        className={`code${showExact ? ' exact' : ''}`}
        data-testid="entry-line"
        data-view={showExact ? 'exact' : 'formatted'}
      >
        {showExact ? line : pretty}
      </pre>
      {!showExact && (
        <p className="muted small">Formatted for reading; the exact bytes are what the leaf hash covers.</p>
      )}
    </div>
  );
}
