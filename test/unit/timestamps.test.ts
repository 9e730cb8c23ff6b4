import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTimestamp, parseTimestamp } from '../../shared/format/timestamps.js';

describe('spec timestamps', () => {
  it('agrees with the Date round trip on every instant (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (d) => {
        const text = d.toISOString();
        expect(parseTimestamp(text)).toBe(d.getTime());
        expect(formatTimestamp(parseTimestamp(text)!)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
  it('refuses everything that is not exactly the spec form of a real instant', () => {
    for (const bad of ['2026-02-30T00:00:00.000Z', '2025-02-29T00:00:00.000Z', '2026-03-01T24:00:00.000Z', '2026-03-01T12:00:00Z', '2026-03-01T12:00:00.000+00:00', '2026-03-01 12:00:00.000Z', '2026-3-01T12:00:00.000Z', '2026-03-01T12:00:60.000Z', '2026-13-01T12:00:00.000Z', '+2026-03-01T12:00:00.000Z', '2026-03-01T12:00:00.0000Z', '２026-03-01T12:00:00.000Z', 20260301, null]) {
      expect(parseTimestamp(bad)).toBeNull();
    }
    expect(parseTimestamp('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseTimestamp('2000-02-29T00:00:00.000Z')).not.toBeNull();
    expect(parseTimestamp('1900-02-29T00:00:00.000Z')).toBeNull();
  });
  it('answers repeated and interleaved texts as it answers each alone (the last answer is kept)', () => {
    const good = ['2026-03-01T12:00:00.000Z', '2026-03-01T12:00:00.001Z', '1999-12-31T23:59:59.999Z'];
    const bad = ['2026-02-30T00:00:00.000Z', '2026-03-01T12:00:00.00xZ', '2026-03-01T12:00:00Z'];
    const expected = new Map<string, number | null>([...good.map((t) => [t, new Date(t).getTime()] as const), ...bad.map((t) => [t, null] as const)]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...good, ...bad), { minLength: 1, maxLength: 30 }), (texts) => {
        // Equal text in a different string object too (built at run time, not the same literal).
        for (const t of texts) expect(parseTimestamp([...t].join(''))).toBe(expected.get(t));
      }),
      { numRuns: 300 },
    );
  });
});
