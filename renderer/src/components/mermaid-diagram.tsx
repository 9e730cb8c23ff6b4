/**
 * A mermaid diagram, rendered offline from the bundle with securityLevel 'strict', fitted to its
 * box: a graph of hundreds of operations is scaled down whole, with zoom buttons; zoomed in, the
 * box scrolls (drag to pan) and starts at the first node (the agent), never off-screen.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';

function prefersDark(): boolean {
  return (
    typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches === true
  );
}

/** Zoom steps over the drawing's natural size; 'fit' scales it into the box. */
const STEPS = [0.25, 0.5, 0.75, 1, 1.5, 2] as const;
type Zoom = 'fit' | number;

interface Natural {
  width: number;
  height: number;
}

function naturalSize(svg: SVGSVGElement): Natural {
  const vb = svg.viewBox.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { width: vb.width, height: vb.height };
  const box = svg.getBoundingClientRect();
  return { width: box.width || 300, height: box.height || 150 };
}

/** Sizes the drawing for a zoom; returns the scale applied. */
function applyZoom(svg: SVGSVGElement, natural: Natural, zoom: Zoom, box: HTMLElement): number {
  const scale =
    zoom === 'fit'
      ? Math.min(1, (box.clientWidth - 4) / natural.width, (box.clientHeight - 4) / natural.height)
      : zoom;
  svg.style.maxWidth = 'none';
  svg.style.width = `${Math.max(1, Math.floor(natural.width * scale))}px`;
  svg.style.height = `${Math.max(1, Math.floor(natural.height * scale))}px`;
  return scale;
}

/** Scrolls the box so the diagram's first node (mermaid names it flowchart-<id>-0) is in view. */
function revealFirstNode(box: HTMLElement): void {
  const node = box.querySelector('g.node');
  if (!node) return;
  const nb = node.getBoundingClientRect();
  const bb = box.getBoundingClientRect();
  box.scrollLeft += nb.left - bb.left - 12;
  box.scrollTop += nb.top - bb.top - (bb.height - nb.height) / 2;
}

export function MermaidDiagram({ source, label, testId }: { source: string; label: string; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const drawing = useRef<HTMLDivElement>(null);
  const natural = useRef<Natural | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [scale, setScale] = useState(1);
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);
  const rawId = useId();
  const id = `m${rawId.replace(/[^a-zA-Z0-9]/g, '')}`;

  useEffect(() => {
    let cancelled = false;
    setState('loading');
    // Loaded on first use: mermaid is large and only a few screens need it.
    void import('mermaid')
      .then(async ({ default: mermaid }) => {
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: 'strict',
          theme: prefersDark() ? 'dark' : 'default',
          fontFamily: 'inherit',
        });
        const { svg } = await mermaid.render(id, source);
        if (cancelled || !drawing.current) return;
        // The SVG comes from mermaid's sanitizer (strict level, DOMPurify); labels are our own data.
        drawing.current.innerHTML = svg;
        const el = drawing.current.querySelector('svg');
        natural.current = el ? naturalSize(el) : null;
        setZoom('fit');
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

  const layout = useCallback(() => {
    const el = drawing.current?.querySelector('svg');
    if (!el || !natural.current || !box.current) return;
    setScale(applyZoom(el, natural.current, zoom, box.current));
    if (zoom !== 'fit') revealFirstNode(box.current);
  }, [zoom]);

  useEffect(() => {
    if (state !== 'ready') return;
    layout();
    const observer = new ResizeObserver(() => {
      if (zoom === 'fit') layout();
    });
    if (box.current) observer.observe(box.current);
    return () => observer.disconnect();
  }, [state, layout, zoom]);

  const step = (dir: 1 | -1) => {
    const next =
      dir > 0 ? STEPS.find((s) => s > scale + 1e-6) : [...STEPS].reverse().find((s) => s < scale - 1e-6);
    if (next !== undefined) setZoom(next);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (zoom === 'fit' || !box.current) return;
    drag.current = { x: e.clientX, y: e.clientY, left: box.current.scrollLeft, top: box.current.scrollTop };
    box.current.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag.current || !box.current) return;
    box.current.scrollLeft = drag.current.left - (e.clientX - drag.current.x);
    box.current.scrollTop = drag.current.top - (e.clientY - drag.current.y);
  };

  return (
    <figure
      className="diagram"
      data-testid={testId}
      data-ready={state === 'ready' ? 'true' : 'false'}
      data-zoom={zoom === 'fit' ? 'fit' : String(zoom)}
      aria-label={label}
    >
      {state === 'ready' && (
        <div className="diagram-tools" role="group" aria-label="Zoom">
          <button
            type="button"
            onClick={() => step(-1)}
            aria-label="Zoom out"
            data-testid={`${testId}-zoom-out`}
          >
            −
          </button>
          <span className="muted small" data-testid={`${testId}-scale`}>
            {Math.round(scale * 100)}%
          </span>
          <button
            type="button"
            onClick={() => step(1)}
            aria-label="Zoom in"
            data-testid={`${testId}-zoom-in`}
          >
            +
          </button>
          <button
            type="button"
            onClick={() => setZoom('fit')}
            disabled={zoom === 'fit'}
            data-testid={`${testId}-fit`}
          >
            Fit
          </button>
        </div>
      )}
      <div
        ref={box}
        className={`diagram-box${zoom === 'fit' ? '' : ' zoomed'}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
      >
        <div ref={drawing} />
      </div>
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
