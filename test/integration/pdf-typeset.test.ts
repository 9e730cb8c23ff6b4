/** The long tables' own line breaking: widths from the embedded fonts, lines that fit, nothing lost. */
import { beforeAll, describe, expect, it } from 'vitest';
import { preloadPdfFonts, TextMeasure } from '../../electron/core/pdf/package-pdf.js';

let tm: TextMeasure;
beforeAll(async () => {
  await preloadPdfFonts();
  tm = TextMeasure.fromLoadedFonts();
});

describe('TextMeasure', () => {
  it('measures by font: wider in bold, every character alike in mono, proportional to the size', () => {
    const regular = tm.width('2026-03-05 08:51:59.028Z', 'regular', 8.5);
    expect(regular).toBeGreaterThan(80);
    expect(regular).toBeLessThan(130);
    expect(tm.width('Executed seq', 'bold', 8.5)).toBeGreaterThan(tm.width('Executed seq', 'regular', 8.5));
    expect(tm.width('iiii', 'mono', 7)).toBeCloseTo(tm.width('MMMM', 'mono', 7), 6);
    expect(tm.width('iiii', 'regular', 7)).toBeLessThan(tm.width('MMMM', 'regular', 7));
    expect(tm.width('threat-hunter', 'regular', 17)).toBeCloseTo(2 * tm.width('threat-hunter', 'regular', 8.5), 6);
    expect(tm.width('', 'regular', 8.5)).toBe(0);
  });

  it('measures scripts beyond Latin through the shaper, as react-pdf sets them', () => {
    expect(tm.width('Überwachung — ǅ', 'regular', 8.5)).toBeGreaterThan(0);
    expect(tm.width('Наблюдатель', 'regular', 8.5)).toBeGreaterThan(tm.width('Набл', 'regular', 8.5));
  });

  it('wraps at spaces, breaks a word only when it alone is too wide, and loses no character', () => {
    const text = 'frequency_exceeded, unauthorized_data_type, scope_expansion, unexpected_connector';
    const width = 150;
    const lines = tm.wrap(text, 'regular', 8.5, width);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(tm.width(l, 'regular', 8.5)).toBeLessThanOrEqual(width * 0.98);
    expect(lines.join(' ')).toBe(text);
    expect(lines.every((l) => !l.startsWith(' ') && !l.endsWith(' '))).toBe(true);

    const id = 'ee9b65bc-0026-4231-bef6-b54adc3885b5-ee9b65bc-0026-4231-bef6';
    const pieces = tm.wrap(id, 'mono', 7, 60);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(id);
    for (const l of pieces) expect(tm.width(l, 'mono', 7)).toBeLessThanOrEqual(60 * 0.98);

    expect(tm.wrap('approved', 'regular', 8.5, 100)).toEqual(['approved']);
    expect(tm.wrap('', 'regular', 8.5, 100)).toEqual(['']);
  });
});
