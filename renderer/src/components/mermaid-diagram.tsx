/** A mermaid diagram, rendered offline from the bundle with securityLevel 'strict'. */
import { useEffect, useId, useRef, useState } from 'react';

function prefersDark(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches === true;
}

export function MermaidDiagram({ source, label, testId }: { source: string; label: string; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const rawId = useId();
  const id = `m${rawId.replace(/[^a-zA-Z0-9]/g, '')}`;

  useEffect(() => {
    let cancelled = false;
    setState('loading');
    // Loaded on first use: mermaid is large and only the Agents screen needs it.
    void import('mermaid')
      .then(async ({ default: mermaid }) => {
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: prefersDark() ? 'dark' : 'default', fontFamily: 'inherit' });
        const { svg } = await mermaid.render(id, source);
        if (cancelled || !ref.current) return;
        // The SVG comes from mermaid's sanitizer (strict level, DOMPurify); labels are our own data.
        ref.current.innerHTML = svg;
        setState('ready');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        setState('error');
      });
    return () => {
      cancelled = true;
    };
  }, [source, id]);

  return (
    <figure className="diagram" data-testid={testId} data-ready={state === 'ready' ? 'true' : 'false'} aria-label={label}>
      <div ref={ref} />
      {state === 'loading' && <span className="muted">Drawing…</span>}
      {state === 'error' && (
        <>
          <span role="alert">Could not draw the diagram: {error}</span>
          <pre className="code">{source}</pre>
        </>
      )}
      <figcaption className="sr-only">{label}</figcaption>
    </figure>
  );
}
