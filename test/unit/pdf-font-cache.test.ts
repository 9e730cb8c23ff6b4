import { describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { Font } from '@react-pdf/renderer';
import { MONO, SANS, preloadPdfFonts } from '../../electron/core/pdf/kit/primitives.js';

interface Doc {
  font(src: unknown, size: number): Doc;
  _font: unknown;
  _fontSize: number;
  _fontCount: number;
  end(): void;
}

describe('pdfkit font cache (kit/font-cache.ts)', () => {
  it('gives a run the font already registered for the same fontkit object, at the run’s size, without reopening it', async () => {
    await preloadPdfFonts(); // installs the cache
    const sans = Font.getFont({ fontFamily: SANS, fontWeight: 400 })!.data as object;
    const mono = Font.getFont({ fontFamily: MONO })!.data as object;
    const doc = new (PDFDocument as unknown as new () => Doc)();
    doc.font(sans, 9);
    const first = doc._font;
    const opened = doc._fontCount;
    doc.font(sans, 12);
    expect(doc._font).toBe(first);
    expect(doc._fontSize).toBe(12);
    doc.font(mono, 7);
    expect(doc._font).not.toBe(first);
    const monoFont = doc._font;
    for (let i = 0; i < 100; i++) doc.font(i % 2 === 0 ? sans : mono, 8);
    expect(doc._font).toBe(monoFont);
    doc.font(sans, 8.5);
    expect(doc._font).toBe(first);
    // pdfkit's own path opens a new wrapper per call (101 more); the cache opened only mono's.
    expect(doc._fontCount).toBe(opened + 1);
    // A second document has fonts of its own: nothing is shared across documents.
    const other = new (PDFDocument as unknown as new () => Doc)();
    other.font(sans, 9);
    expect(other._font).not.toBe(first);
    doc.end();
    other.end();
  });
});
