import { describe, expect, it } from 'vitest';
import { activeFilterCount, filterFromParams, filterToParams, localInputToTs, tsToLocalInput } from '../../renderer/src/logic/filters.js';
import { formatDuration, formatListTs, formatTs, shortId } from '../../renderer/src/logic/format.js';
import { evictPages, pagesForRange } from '../../renderer/src/logic/page-cache.js';
import { formatHash, parseHash } from '../../renderer/src/logic/routes.js';
import { gapsOf, layoutTimeline } from '../../renderer/src/logic/timeline.js';
import type { ContinuitySegment } from '../../shared/api/view-types.js';

describe('routes', () => {
  it('parses screen, path and parameters', () => {
    expect(parseHash('#/agents/abc-1?x=1&y=two')).toEqual({ screen: 'agents', rest: ['abc-1'], params: { x: '1', y: 'two' } });
  });
  it('lands on Exports for an unknown or empty hash', () => {
    expect(parseHash('').screen).toBe('exports');
    expect(parseHash('#/nope/x').screen).toBe('exports');
    expect(parseHash('#/nope/x').rest).toEqual([]);
  });
  it('round-trips, dropping empty parameters and sorting keys', () => {
    const h = formatHash('trail', [], { verdict: 'DENY', agentId: 'a b', text: '' , from: undefined });
    expect(h).toBe('#/trail?agentId=a+b&verdict=DENY');
    expect(parseHash(h).params).toEqual({ agentId: 'a b', verdict: 'DENY' });
  });
  it('encodes path segments', () => {
    expect(parseHash(formatHash('findings', ['a/b'])).rest).toEqual(['a/b']);
  });
});

describe('filters', () => {
  it('keeps only values the contract accepts', () => {
    expect(filterFromParams({ verdict: 'MAYBE', status: 'blocked', agentId: ' ', text: 'okta', withFindings: '1' })).toEqual({
      status: 'blocked',
      text: 'okta',
      withFindings: true,
    });
  });
  it('round-trips through route parameters', () => {
    const f = { exportRef: '2', agentId: 'a', verdict: 'PERMIT' as const, from: '2026-03-01T00:00:00.000Z', withFindings: true };
    expect(filterFromParams(filterToParams(f))).toEqual(f);
    expect(activeFilterCount(f)).toBe(5);
  });
  it('converts datetime-local values to UTC timestamps and back', () => {
    expect(localInputToTs('2026-03-18T08:05')).toBe('2026-03-18T08:05:00.000Z');
    expect(localInputToTs('garbage')).toBeUndefined();
    expect(tsToLocalInput('2026-03-18T08:05:18.110Z')).toBe('2026-03-18T08:05');
  });
});

describe('format', () => {
  it('shows recorded UTC without milliseconds', () => {
    expect(formatTs('2026-03-18T08:05:18.110Z')).toBe('2026-03-18 08:05:18Z');
    expect(formatListTs('2026-03-18T08:05:18.110Z')).toBe('03-18 08:05:18');
    expect(formatTs(null)).toBe('—');
  });
  it('shortens ids and formats durations', () => {
    expect(shortId('0123456789')).toBe('01234567…');
    expect(formatDuration('2026-03-18T08:00:00.000Z', '2026-03-18T10:05:00.000Z')).toBe('2 h 5 min');
    expect(formatDuration('2026-03-18T08:00:00.000Z', '2026-03-18T07:00:00.000Z')).toBe('—');
  });
});

describe('virtual list paging', () => {
  it('fetches the pages on screen plus one either side', () => {
    expect(pagesForRange(0, 30, 1_000_000)).toEqual([0, 1]);
    expect(pagesForRange(900_000, 900_030, 1_000_000)).toEqual([4499, 4500, 4501]);
    expect(pagesForRange(999_990, 999_999, 1_000_000)).toEqual([4998, 4999]);
    expect(pagesForRange(0, 10, 0)).toEqual([]);
  });
  it('evicts the pages farthest from the view', () => {
    const m = new Map<number, string>();
    for (let p = 0; p < 40; p++) m.set(p, `p${p}`);
    evictPages(m, 35, 10);
    expect(m.size).toBe(10);
    expect([...m.keys()].every((k) => Math.abs(k - 35) <= 5)).toBe(true);
  });
});

describe('continuity timeline', () => {
  const seg = (kind: 'export' | 'gap', firstSeq: number, lastSeq: number): ContinuitySegment => ({
    kind,
    exportRef: kind === 'export' ? '1' : null,
    exportId: null,
    status: kind === 'export' ? 'VALID' : null,
    firstSeq,
    lastSeq,
    from: null,
    to: null,
  });
  it('places exports and gaps on one seq axis', () => {
    const bars = layoutTimeline([seg('export', 0, 99), seg('gap', 100, 199), seg('export', 200, 399)]);
    expect(bars.map((b) => [Math.round(b.left), Math.round(b.width)])).toEqual([
      [0, 25],
      [25, 25],
      [50, 50],
    ]);
  });
  it('keeps a one-entry gap visible', () => {
    const bars = layoutTimeline([seg('export', 0, 999_998), seg('gap', 999_999, 999_999)]);
    expect(bars[1]!.width).toBeGreaterThanOrEqual(0.8 - 1e-9);
    expect(bars[1]!.left + bars[1]!.width).toBeLessThanOrEqual(100);
    expect(gapsOf([seg('gap', 5, 6), seg('export', 0, 4)])).toHaveLength(1);
  });
});
