/** Long tables set here line by line with the fonts' own metrics, cut into exact pages. */
import type { ReactElement } from 'react';
import { Font, Text, View } from '@react-pdf/renderer';
import { C, CELL_PADDING_X, CONTENT_HEIGHT, CONTENT_WIDTH, type Column, MONO, NOTE_HEIGHT, PAGE_BREAK, PLAIN_FEATURES, ROW_HEIGHT, ROW_LINE, SANS, h, headerRow, num, printed, s, tableBlock } from './primitives.js';

export type Face = 'regular' | 'bold' | 'mono';

export interface FontMetrics {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { advanceWidth: number };
  layout(text: string, features?: Record<string, boolean>, script?: string, language?: string, direction?: string): { advanceWidth: number };
}

/** Widths of plain text in points, from the embedded fonts themselves (loaded by preloadPdfFonts). */
export class TextMeasure {
  private readonly advances = new Map<Face, Map<number, number>>();

  private constructor(private readonly fonts: Record<Face, FontMetrics>) {}

  static fromLoadedFonts(): TextMeasure {
    const data = (d: Parameters<typeof Font.getFont>[0]): FontMetrics => {
      const f = Font.getFont(d)?.data as FontMetrics | null | undefined;
      if (f === null || f === undefined) throw new Error(`font ${d.fontFamily} is not loaded`);
      return f;
    };
    return new TextMeasure({
      regular: data({ fontFamily: SANS, fontWeight: 400 }),
      bold: data({ fontFamily: SANS, fontWeight: 700 }),
      mono: data({ fontFamily: MONO }),
    });
  }

  /** The advance of `text` at `size` points, as react-pdf sets it with PLAIN_FEATURES. */
  width(text: string, face: Face, size: number): number {
    const font = this.fonts[face];
    let cache = this.advances.get(face);
    if (cache === undefined) this.advances.set(face, (cache = new Map()));
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      // Beyond Latin and its punctuation a script's shaper may still rewrite glyphs: ask fontkit.
      if (cp >= 0x0300) return (font.layout(text, PLAIN_FEATURES, undefined, undefined, 'ltr').advanceWidth * size) / font.unitsPerEm;
      let a = cache.get(cp);
      if (a === undefined) cache.set(cp, (a = font.glyphForCodePoint(cp).advanceWidth));
      units += a;
    }
    return (units * size) / font.unitsPerEm;
  }

  /**
   * `text` broken into lines no wider than `width`: at spaces, and inside a word only when the
   * word alone is too wide. A 2 % margin keeps every line clear of react-pdf's own line breaking.
   */
  wrap(text: string, face: Face, size: number, width: number): string[] {
    const max = width * 0.98;
    const fits = (t: string): boolean => this.width(t, face, size) <= max;
    if (fits(text)) return [text];
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      const joined = line === '' ? word : `${line} ${word}`;
      if (fits(joined)) {
        line = joined;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      for (const ch of word) {
        if (line !== '' && !fits(line + ch)) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
    }
    lines.push(line);
    return lines;
  }
}

/** A long table's rows broken into lines: `lines[row][column]`, and each row's height in lines. */
export interface SetRows {
  lines: string[][][];
  heights: number[];
}

export function columnWidths(columns: Column[]): number[] {
  const flexSum = columns.reduce((a, c) => a + c.flex, 0);
  return columns.map((c) => (c.flex / flexSum) * CONTENT_WIDTH - CELL_PADDING_X);
}

/** The face and size a column's cells are set in. */
export function cellFont(c: Column): { face: Face; size: number } {
  return c.mono === true ? { face: 'mono', size: num(s.mono.fontSize) } : { face: 'regular', size: num(s.page.fontSize) };
}

export function setRows(columns: Column[], rows: string[][], tm: TextMeasure): SetRows {
  const widths = columnWidths(columns);
  // A line break inside a cell (an agent name can hold one) would shift its column against the
  // others: white space is one space here.
  const text = (r: string[], ci: number): string => (r[ci] ?? '').replace(/\s+/g, ' ');
  const lines = rows.map((r) =>
    columns.map((c, ci) => {
      const { face, size } = cellFont(c);
      return tm.wrap(text(r, ci), face, size, widths[ci]!);
    }),
  );
  return { lines, heights: lines.map((cells) => Math.max(...cells.map((l) => l.length))) };
}

/** Height of a long table's header row (bold titles may wrap, like "Executed seq"). */
export function headerHeight(columns: Column[], tm: TextMeasure): number {
  const widths = columnWidths(columns);
  const lines = Math.max(...columns.map((c, ci) => tm.wrap(c.title, 'bold', num(s.page.fontSize), widths[ci]!).length));
  return ROW_HEIGHT + (lines - 1) * ROW_LINE;
}

/** A line slot of a long table: a one-line row is exactly as tall as a row of a cell table. */
export const SLOT = ROW_HEIGHT;
/** Text on one line per slot; a blank line is a no-break space, which react-pdf never drops. */
export const BLANK = '\u00a0';

/**
 * One page of a long table, set column by column: one Text per column holding every row's lines,
 * one slot per line, and one plain View per row behind them for its stripe and rule. A cell
 * table costs react-pdf a layout node, a text layout and a style resolution per cell, about
 * 2 ms per row; this costs one per column. The rows were broken into lines by setRows, so the
 * columns stay aligned row by row.
 */
export function columnTableBlock(columns: Column[], set: SetRows, from: number, to: number, note: string | null): ReactElement {
  const bands: ReactElement[] = [];
  let top = 0;
  for (let i = from; i < to; i++) {
    const height = set.heights[i]! * SLOT;
    bands.push(h(View, { key: `b${i}`, style: [s.band, { top, height }, i % 2 === 1 ? { backgroundColor: C.zebra } : {}] }));
    top += height;
  }
  const texts = columns.map((c, ci) => {
    const lines: string[] = [];
    for (let i = from; i < to; i++) {
      const cell = set.lines[i]![ci]!;
      for (let l = 0; l < set.heights[i]!; l++) lines.push(l < cell.length && cell[l] !== '' ? cell[l]! : BLANK);
    }
    const { size } = cellFont(c);
    // The font size beside the line height: react-pdf scales a unitless line height by the size
    // in the same style, not the inherited one.
    return h(
      Text,
      { key: `c${ci}`, style: [s.colText, c.mono === true ? s.mono : {}, { flex: c.flex, flexBasis: 0, textAlign: c.align ?? 'left', fontSize: size, lineHeight: SLOT / size }] },
      lines.join('\n'),
    );
  });
  return h(
    View,
    { style: s.table },
    headerRow(columns, false),
    // No fixed height: the column texts size the rows. Given a height, react-pdf drops the lines
    // of a Text that do not fit it, and a rounding error would lose a row.
    h(View, { style: { flexDirection: 'row' } }, ...bands, ...texts),
    note === null ? null : h(Text, { style: s.note }, note),
  );
}

/**
 * A long table that starts at the top of a page (after `above` points of heading), cut into one
 * react-pdf page element per printed page. Rows are broken into lines here with the fonts' own
 * metrics, so each page's height is exact: a page holds every row that fits, and react-pdf never
 * has to break one (it would re-lay out the rest of the page element at every break).
 */
export function pagedTable(columns: Column[], rows: string[][], above: number, tm: TextMeasure, opts: { limit?: number; what?: string } = {}): ReactElement[] {
  const { shown, note } = printed(rows, opts);
  if (shown.length === 0) return [tableBlock(columns, shown, 0, rows.length === 0, note)];
  const set = setRows(columns, shown, tm);
  const header = headerHeight(columns, tm);
  const noteRoom = note === null ? 0 : NOTE_HEIGHT;
  const out: ReactElement[] = [];
  let start = 0;
  // The table's own rule and margin, and the columns' top padding, count too; half a point is
  // left for rounding.
  const chrome = num(s.table.borderTopWidth) + num(s.table.marginBottom) + num(s.colText.paddingTop) + 0.5;
  let room = CONTENT_HEIGHT - above - header - chrome;
  let used = 0;
  for (let i = 0; i < shown.length; i++) {
    const height = set.heights[i]! * SLOT;
    const last = i === shown.length - 1;
    if (used + height + (last ? noteRoom : 0) > room && i > start) {
      out.push(columnTableBlock(columns, set, start, i, null), PAGE_BREAK);
      start = i;
      used = 0;
      room = CONTENT_HEIGHT - header - chrome;
    }
    used += height;
  }
  out.push(columnTableBlock(columns, set, start, shown.length, note));
  return out;
}
