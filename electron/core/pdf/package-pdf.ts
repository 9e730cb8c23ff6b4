/**
 * The package as a PDF (react-pdf, built with createElement so it stays in the Node program).
 * Everything printed comes from the stored package; fonts come from resources/; metadata dates
 * are the package's generation time, so the same package renders to the same bytes.
 */
import { createElement, type ReactElement, type ReactNode } from 'react';
import { Document, type DocumentProps, Font, G, Page, Path, Rect, StyleSheet, Svg, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { CRITERION_TITLES } from '../../../shared/controls/soc2.js';
import { APP_VERSION } from '../../../shared/app-version.js';
import { CHECK_ORDER } from '../../../shared/report/report-types.js';
import { packageCoverage } from '../../../shared/package/package-coverage.js';
import { SOC2_EVIDENCE_MAP } from '../../../shared/frameworks/soc2-evidence-map.js';
import type { PackageDoc, QuestionCategory } from '../../../shared/package/package-types.js';
import { resourcePath } from '../package/resources.js';
import { layoutFlow } from './flow-layout.js';

type Props = Record<string, unknown> | null;

/** createElement without per-component prop typing: react-pdf's SVG text props are narrower than what it accepts. */
function h(type: unknown, props: Props, ...children: ReactNode[]): ReactElement {
  return createElement(type as string, props, ...children);
}

const SANS = 'DejaVu Sans';
const MONO = 'DejaVu Sans Mono';
let fontsRegistered = false;

/** Registers the embedded fonts once per process; nothing is fetched. */
export function registerPdfFonts(resourcesDir?: string): void {
  if (fontsRegistered) return;
  Font.register({
    family: SANS,
    fonts: [
      { src: resourcePath('fonts/DejaVuSans.ttf', resourcesDir), fontWeight: 'normal' },
      { src: resourcePath('fonts/DejaVuSans-Bold.ttf', resourcesDir), fontWeight: 'bold' },
    ],
  });
  Font.register({ family: MONO, src: resourcePath('fonts/DejaVuSansMono.ttf', resourcesDir) });
  // Long ids and hashes must break anywhere rather than be hyphenated into nonsense.
  Font.registerHyphenationCallback((word) => (word.length > 24 ? word.match(/.{1,12}/g) ?? [word] : [word]));
  fontsRegistered = true;
}

/** Reads and parses the embedded fonts before the layout: the long tables are measured with them. */
export async function preloadPdfFonts(resourcesDir?: string): Promise<void> {
  registerPdfFonts(resourcesDir);
  await Promise.all([
    Font.load({ fontFamily: SANS, fontWeight: 400 }),
    Font.load({ fontFamily: SANS, fontWeight: 700 }),
    Font.load({ fontFamily: MONO }),
  ]);
}

const C = {
  ink: '#1b2430',
  muted: '#5b6675',
  rule: '#c9d1db',
  zebra: '#f3f5f8',
  head: '#e4e9f0',
  accent: '#1f4e79',
  permit: '#2e7d32',
  escalate: '#b26a00',
  deny: '#c62828',
  audit: '#6a1b9a',
};

/**
 * Table text is data (times, ids, counts, enums), set without OpenType features: no kerning or
 * ligatures, so a line's width is the sum of its glyphs' advances, which lets the table be broken
 * into lines and pages here, exactly; and fontkit shapes it in about half the time.
 */
const PLAIN_FEATURES: Record<string, boolean> = Object.fromEntries(
  ['ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'].map((f) => [f, false]),
);

const s = StyleSheet.create({
  page: { fontFamily: SANS, fontSize: 8.5, color: C.ink, paddingTop: 54, paddingBottom: 46, paddingHorizontal: 40, lineHeight: 1.35 },
  header: { position: 'absolute', top: 20, left: 40, right: 40, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7, color: C.muted, borderBottomWidth: 0.5, borderBottomColor: C.rule, paddingBottom: 4 },
  // Anchored from the top: react-pdf mis-places a fixed, bottom-anchored footer on some page breaks.
  footer: { position: 'absolute', top: 806, left: 40, right: 40, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7, color: C.muted, borderTopWidth: 0.5, borderTopColor: C.rule, paddingTop: 4 },
  h1: { fontSize: 15, fontWeight: 'bold', color: C.accent, marginBottom: 8 },
  h2: { fontSize: 10.5, fontWeight: 'bold', color: C.accent, marginTop: 10, marginBottom: 4 },
  p: { marginBottom: 4 },
  muted: { color: C.muted },
  mono: { fontFamily: MONO, fontSize: 7 },
  table: { borderTopWidth: 0.5, borderTopColor: C.rule, marginBottom: 6 },
  tr: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: C.rule },
  th: { backgroundColor: C.head, fontWeight: 'bold' },
  td: { paddingVertical: 2, paddingHorizontal: 3 },
  // A column of a long table (columnTableBlock): its line height is the row slot, and react-pdf
  // sets a line's glyphs at the top of a tall line box, so the cell's top padding moves them to
  // where a cell table has them.
  colText: { paddingHorizontal: 3, paddingTop: 2, fontFeatureSettings: PLAIN_FEATURES },
  band: { position: 'absolute', left: 0, right: 0, borderBottomWidth: 0.5, borderBottomColor: C.rule },
  coverTitle: { fontSize: 26, lineHeight: 1.2, fontWeight: 'bold', color: C.accent, marginTop: 140, marginBottom: 10 },
  coverSub: { fontSize: 12, lineHeight: 1.3, color: C.muted, marginBottom: 40 },
  kv: { flexDirection: 'row', marginBottom: 5 },
  kvKey: { width: 120, color: C.muted },
  kvVal: { flex: 1 },
  tocRow: { flexDirection: 'row', justifyContent: 'space-between', borderBottomWidth: 0.5, borderBottomColor: C.rule, paddingVertical: 4 },
  qa: { marginBottom: 7, paddingBottom: 5, borderBottomWidth: 0.5, borderBottomColor: C.rule },
  badge: { fontWeight: 'bold' },
  note: { fontSize: 7, color: C.muted, marginBottom: 4 },
});

/**
 * Splits a section into separate react-pdf pages. react-pdf re-lays out the rest of a page
 * element at every page break, so long sections in one element cost quadratic time.
 */
const PAGE_BREAK: ReactElement = h(View, { key: 'page-break' });

/** Rows printed per table; the package JSON and the binder CSV always hold the whole population. */
export const PDF_ROW_LIMIT = 150;

export interface Column {
  title: string;
  flex: number;
  mono?: boolean;
  align?: 'left' | 'right';
}

function table(columns: Column[], rows: string[][], opts: { limit?: number; what?: string } = {}): ReactElement {
  const { shown, note } = printed(rows, opts);
  return tableBlock(columns, shown, 0, rows.length === 0, note);
}

/** The rows a table prints (at most its limit) and the note saying how many were left out. */
function printed(rows: string[][], opts: { limit?: number; what?: string }): { shown: string[][]; note: string | null } {
  const limit = opts.limit ?? PDF_ROW_LIMIT;
  const note = rows.length > limit ? `${limit} of ${rows.length} ${opts.what ?? 'rows'} shown; all are in the package JSON and the binder.` : null;
  return { shown: rows.slice(0, limit), note };
}

/** One Text per cell (no wrapping View): react-pdf's cost grows with the node count. Header cells keep the sans font. */
function cell(c: Column, text: string, key: string, head = false): ReactElement {
  return h(Text, { key, style: [s.td, { flex: c.flex, flexBasis: 0, textAlign: c.align ?? 'left' }, c.mono === true && !head ? s.mono : {}] }, text);
}

/** A table's header row: its titles in bold on the header background. */
function headerRow(columns: Column[], fixed: boolean): ReactElement {
  return h(View, { style: [s.tr, s.th], fixed }, ...columns.map((c, i) => cell(c, c.title, `h${i}`, true)));
}

/** A table of `rows` (already cut to what is printed); `first` is the index of its first row, for the zebra stripes. */
function tableBlock(columns: Column[], rows: string[][], first: number, empty: boolean, note: string | null): ReactElement {
  return h(
    View,
    { style: s.table },
    // fixed inside the table repeats the header on every page the table spans.
    headerRow(columns, true),
    ...rows.map((r, i) =>
      h(
        View,
        { key: `r${first + i}`, style: [s.tr, (first + i) % 2 === 1 ? { backgroundColor: C.zebra } : {}], wrap: false },
        ...columns.map((c, ci) => cell(c, r[ci] ?? '', `c${ci}`)),
      ),
    ),
    empty ? h(Text, { style: [s.td, s.muted] }, 'None in this period.') : null,
    note === null ? null : h(Text, { style: s.note }, note),
  );
}

// Page geometry in points, derived from the styles above (A4 is 595.28 × 841.89), for the tables
// typeset here.
const num = (v: unknown): number => v as number;
const LINE_HEIGHT = num(s.page.lineHeight);
const CONTENT_HEIGHT = 841.89 - num(s.page.paddingTop) - num(s.page.paddingBottom);
const CONTENT_WIDTH = 595.28 - 2 * num(s.page.paddingHorizontal);
const CELL_PADDING_X = 2 * num(s.td.paddingHorizontal);
const ROW_LINE = num(s.page.fontSize) * LINE_HEIGHT;
/** A one-line row of a cell table: its line, the cell's padding and the row's rule. */
const ROW_HEIGHT = ROW_LINE + 2 * num(s.td.paddingVertical) + num(s.tr.borderBottomWidth);
/** Space a page-top h2 takes (margins included), and a note under it. */
const H2_HEIGHT = num(s.h2.marginTop) + num(s.h2.fontSize) * LINE_HEIGHT + num(s.h2.marginBottom);
const NOTE_HEIGHT = num(s.note.fontSize) * LINE_HEIGHT + num(s.note.marginBottom);

type Face = 'regular' | 'bold' | 'mono';

interface FontMetrics {
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
interface SetRows {
  lines: string[][][];
  heights: number[];
}

function columnWidths(columns: Column[]): number[] {
  const flexSum = columns.reduce((a, c) => a + c.flex, 0);
  return columns.map((c) => (c.flex / flexSum) * CONTENT_WIDTH - CELL_PADDING_X);
}

/** The face and size a column's cells are set in. */
function cellFont(c: Column): { face: Face; size: number } {
  return c.mono === true ? { face: 'mono', size: num(s.mono.fontSize) } : { face: 'regular', size: num(s.page.fontSize) };
}

function setRows(columns: Column[], rows: string[][], tm: TextMeasure): SetRows {
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
function headerHeight(columns: Column[], tm: TextMeasure): number {
  const widths = columnWidths(columns);
  const lines = Math.max(...columns.map((c, ci) => tm.wrap(c.title, 'bold', num(s.page.fontSize), widths[ci]!).length));
  return ROW_HEIGHT + (lines - 1) * ROW_LINE;
}

/** A line slot of a long table: a one-line row is exactly as tall as a row of a cell table. */
const SLOT = ROW_HEIGHT;
/** Text on one line per slot; a blank line is a no-break space, which react-pdf never drops. */
const BLANK = '\u00a0';

/**
 * One page of a long table, set column by column: one Text per column holding every row's lines,
 * one slot per line, and one plain View per row behind them for its stripe and rule. A cell
 * table costs react-pdf a layout node, a text layout and a style resolution per cell, about
 * 2 ms per row; this costs one per column. The rows were broken into lines by setRows, so the
 * columns stay aligned row by row.
 */
function columnTableBlock(columns: Column[], set: SetRows, from: number, to: number, note: string | null): ReactElement {
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
function pagedTable(columns: Column[], rows: string[][], above: number, tm: TextMeasure, opts: { limit?: number; what?: string } = {}): ReactElement[] {
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

function kv(pairs: Array<[string, string]>): ReactElement {
  return h(
    View,
    null,
    ...pairs.map(([k, v], i) => h(View, { key: String(i), style: s.kv, wrap: false }, h(Text, { style: s.kvKey }, k), h(Text, { style: s.kvVal }, v))),
  );
}

const n = (x: number): string => x.toLocaleString('en-US');
/** A timestamp that breaks at the space, not mid-token with a hyphen. */
const ts = (t: string): string => t.replace('T', ' ');
/** The first block of a UUID: enough to find the row in the package JSON, short enough for one line. */
const shortId = (id: string): string => id.slice(0, 8);

function scopeLabel(doc: PackageDoc): string {
  return doc.scope.kind === 'agent' ? `Agent ${doc.scope.agent_name ?? doc.scope.agent_id}` : 'Organisation (all agents)';
}

export interface SectionDef {
  id: string;
  title: string;
}

export const SECTIONS: readonly SectionDef[] = [
  { id: 'execution', title: '1. Execution graph' },
  { id: 'dataflow', title: '2. Data flow' },
  { id: 'questionnaire', title: '3. Vendor security questionnaire' },
  { id: 'subprocessors', title: '4. Sub-processors' },
  { id: 'soc2', title: '5. SOC 2 control mapping' },
  { id: 'findings', title: '6. Findings' },
  { id: 'responsibility', title: '7. Responsibility matrix' },
  { id: 'appendix', title: 'Appendix: integrity evidence' },
];

function heading(sec: SectionDef): ReactElement {
  return h(Text, { id: sec.id, style: s.h1, bookmark: { title: sec.title } }, sec.title);
}

/**
 * An invisible fixed marker: fixed elements are rendered once per page after page breaking, so
 * the smallest page number it sees is where the section starts (a non-fixed render prop runs
 * before breaking and would see the wrong page).
 */
function pageMarker(sec: SectionDef, pages: Map<string, number>): ReactElement {
  return h(Text, {
    fixed: true,
    style: { position: 'absolute', top: 0, left: 0, fontSize: 1, color: '#ffffff' },
    render: ({ pageNumber }: { pageNumber: number }) => {
      const prev = pages.get(sec.id);
      if (prev === undefined || pageNumber < prev) pages.set(sec.id, pageNumber);
      return ' ';
    },
  });
}

/** SVG text: react-pdf reads SVG font settings from props (style is used only to preload the font). */
function svgText(x: number, y: number, text: string, size: number, fill: string, anchor: 'start' | 'middle' | 'end' = 'start', key?: string): ReactElement {
  return h(Text, { key, x, y, fontFamily: SANS, fontSize: size, fill, textAnchor: anchor, style: { fontFamily: SANS, fontSize: size } }, text);
}

function barChart(doc: PackageDoc): ReactElement | null {
  const rows = doc.execution.connectors;
  if (rows.length === 0) return null;
  const width = 515;
  const barH = 11;
  const labelW = 110;
  const max = Math.max(...rows.map((r) => r.calls));
  const scale = (width - labelW - 50) / max;
  const height = rows.length * (barH + 5) + 4;
  const parts: ReactElement[] = [];
  rows.forEach((r, i) => {
    const y = i * (barH + 5) + 2;
    let x = labelW;
    parts.push(svgText(0, y + 8.5, r.connector, 7.5, C.ink, 'start', `l${i}`));
    for (const [k, v, color] of [
      ['p', r.permit, C.permit],
      ['e', r.escalate, C.escalate],
      ['d', r.deny, C.deny],
    ] as const) {
      if (v === 0) continue;
      parts.push(h(Rect, { key: `${k}${i}`, x, y, width: Math.max(0.8, v * scale), height: barH, fill: color }));
      x += v * scale;
    }
    parts.push(svgText(x + 4, y + 8.5, n(r.calls), 7.5, C.muted, 'start', `n${i}`));
  });
  return h(View, { wrap: false }, h(Svg, { width, height, viewBox: `0 0 ${width} ${height}` }, ...parts), legend(false));
}

/** Calls over time: at most 72 stacked columns (hours merged when the period is longer). */
function timelineChart(doc: PackageDoc): ReactElement | null {
  const tl = doc.execution.timeline;
  if (tl.length === 0) return null;
  const hourOf = (h: string): number => Date.parse(`${h}:00:00.000Z`) / 3_600_000;
  const first = hourOf(tl[0]!.hour);
  const hours = hourOf(tl[tl.length - 1]!.hour) - first + 1;
  const group = Math.ceil(hours / 72);
  const cols = Math.ceil(hours / group);
  const sums = Array.from({ length: cols }, () => ({ permit: 0, escalate: 0, deny: 0 }));
  for (const b of tl) {
    const c = sums[Math.floor((hourOf(b.hour) - first) / group)]!;
    c.permit += b.permit;
    c.escalate += b.escalate;
    c.deny += b.deny;
  }
  const width = 515;
  const plotH = 90;
  const left = 34;
  const colW = (width - left) / cols;
  const max = Math.max(...sums.map((c) => c.permit + c.escalate + c.deny), 1);
  const parts: ReactElement[] = [
    h(Path, { key: 'axis', d: `M ${left} 4 L ${left} ${plotH + 4} L ${width} ${plotH + 4}`, stroke: C.rule, strokeWidth: 0.7, fill: 'none' }),
    svgText(left - 4, 10, n(max), 7, C.muted, 'end', 'max'),
    svgText(left - 4, plotH + 4, '0', 7, C.muted, 'end', 'zero'),
    svgText(left, plotH + 15, `${tl[0]!.hour.replace('T', ' ')}:00Z`, 7, C.muted, 'start', 'from'),
    svgText(width, plotH + 15, `${tl[tl.length - 1]!.hour.replace('T', ' ')}:59Z`, 7, C.muted, 'end', 'to'),
    svgText((left + width) / 2, plotH + 15, group === 1 ? 'one column per hour' : `one column per ${group} hours`, 7, C.muted, 'middle', 'unit'),
  ];
  sums.forEach((c, i) => {
    let y = plotH + 4;
    for (const [k, v, color] of [
      ['p', c.permit, C.permit],
      ['e', c.escalate, C.escalate],
      ['d', c.deny, C.deny],
    ] as const) {
      if (v === 0) continue;
      const hgt = (v / max) * plotH;
      y -= hgt;
      parts.push(h(Rect, { key: `${k}${i}`, x: left + i * colW + 0.5, y, width: Math.max(0.6, colW - 1), height: hgt, fill: color }));
    }
  });
  return h(View, { wrap: false }, h(Svg, { width, height: plotH + 20, viewBox: `0 0 ${width} ${plotH + 20}` }, ...parts), legend(false));
}

function legend(withAudit: boolean): ReactElement {
  const items: Array<[string, string, string]> = [
    ['permitted', C.permit, ''],
    ['escalated', C.escalate, '4 2'],
    ['denied', C.deny, '1 2'],
    ...(withAudit ? [['audit record', C.audit, ''] as [string, string, string]] : []),
  ];
  return h(
    Svg,
    { width: 400, height: 14, viewBox: '0 0 400 14' },
    ...items.map(([label, color, dash], i) =>
      h(
        G,
        { key: label },
        h(Path, { d: `M ${i * 95} 7 L ${i * 95 + 22} 7`, stroke: color, strokeWidth: 2, strokeDasharray: dash === '' ? undefined : dash }),
        svgText(i * 95 + 26, 10, label, 7.5, C.ink),
      ),
    ),
  );
}

function flowDiagram(doc: PackageDoc): ReactElement {
  if (doc.data_flow.edges.length === 0) return h(Text, { style: s.muted }, 'No connector calls in this period: nothing flowed.');
  const lay = layoutFlow(doc.data_flow);
  const maxW = 515;
  const maxH = 560;
  const k = Math.min(1, maxW / lay.width, maxH / lay.height);
  const width = lay.width * k;
  const height = lay.height * k;
  const fillOf: Record<string, string> = {
    agent: '#dbe8f5',
    policy_engine: '#fde9c8',
    connector: '#e8eef3',
    external_system: '#ffffff',
    audit_trail: '#eadcf2',
  };
  const edgeEls = lay.edges.map((e, i) => {
    const color = e.edge.access === 'audit' ? C.audit : e.edge.outcome === 'denied' ? C.deny : e.edge.outcome === 'escalated' ? C.escalate : e.edge.outcome === 'permitted' ? C.permit : C.muted;
    const dash = e.edge.outcome === 'denied' ? '1 2' : e.edge.outcome === 'escalated' ? '4 2' : undefined;
    const d = e.points.map((p, j) => `${j === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const last = e.points[e.points.length - 1]!;
    const prev = e.points[e.points.length - 2] ?? last;
    const ang = Math.atan2(last.y - prev.y, last.x - prev.x);
    const a1 = { x: last.x - 5 * Math.cos(ang - 0.4), y: last.y - 5 * Math.sin(ang - 0.4) };
    const a2 = { x: last.x - 5 * Math.cos(ang + 0.4), y: last.y - 5 * Math.sin(ang + 0.4) };
    const label = n(e.edge.count);
    return h(
      G,
      { key: `e${i}` },
      h(Path, { d, stroke: color, strokeWidth: e.edge.access === 'write' ? 1.6 : 0.9, strokeDasharray: dash, fill: 'none' }),
      h(Path, { d: `M ${a1.x.toFixed(1)} ${a1.y.toFixed(1)} L ${last.x.toFixed(1)} ${last.y.toFixed(1)} L ${a2.x.toFixed(1)} ${a2.y.toFixed(1)}`, stroke: color, strokeWidth: 0.9, fill: 'none' }),
      svgText(e.labelX, e.labelY + 2.5, label, 7, color, 'middle'),
    );
  });
  const nodeEls = lay.nodes.map((nd, i) =>
    h(
      G,
      { key: `n${i}` },
      h(Rect, {
        x: nd.x - nd.width / 2,
        y: nd.y - nd.height / 2,
        width: nd.width,
        height: nd.height,
        rx: nd.kind === 'policy_engine' ? 2 : 6,
        fill: fillOf[nd.kind],
        stroke: C.accent,
        strokeWidth: 0.7,
      }),
      svgText(nd.x, nd.y + 3, nd.label, 8, C.ink, 'middle'),
    ),
  );
  return h(
    View,
    { wrap: false },
    h(Svg, { width, height, viewBox: `0 0 ${lay.width.toFixed(1)} ${lay.height.toFixed(1)}` }, ...edgeEls, ...nodeEls),
    legend(true),
  );
}

const CATEGORY_TITLES: Record<QuestionCategory, string> = {
  data_access: 'Data access',
  data_storage: 'Data storage',
  access_control: 'Access control',
  monitoring: 'Monitoring',
  incident_response: 'Incident response',
};

function executionSection(doc: PackageDoc, tm: TextMeasure): ReactElement[] {
  const x = doc.execution;
  const act = (a: typeof x.first_action): string => (a === null ? '-' : `${a.ts}  ${a.action_type}  (seq ${a.seq})`);
  return [
    heading(SECTIONS[0]!),
    kv([
      ['Entries', n(x.totals.entries)],
      ['Connector calls', n(x.totals.calls)],
      ['Agents', n(x.totals.agents)],
      ['Connectors used', x.connectors_used.join(', ') || '-'],
      ['First action', act(x.first_action)],
      ['Last action', act(x.last_action)],
      ['Verdicts', `PERMIT ${n(x.verdicts.PERMIT)} · ESCALATE ${n(x.verdicts.ESCALATE)} · DENY ${n(x.verdicts.DENY)}`],
      ['Statuses', `success ${n(x.statuses.success)} · error ${n(x.statuses.error)} · blocked ${n(x.statuses.blocked)} · escalated ${n(x.statuses.escalated)}`],
      ['Escalations', `${n(x.escalations.requested)} requested: ${n(x.escalations.approved)} approved, ${n(x.escalations.denied)} denied, ${n(x.escalations.expired)} expired, ${n(x.escalations.pending)} pending`],
      ['Drift', `${n(x.drift.events)} events · suspensions ${n(x.suspensions.suspended)} · resumptions ${n(x.suspensions.resumed)}`],
    ]),
    h(Text, { style: s.h2 }, 'Calls over time by verdict'),
    timelineChart(doc) ?? h(Text, { style: s.muted }, 'No connector calls.'),
    h(Text, { style: s.h2 }, 'Calls per connector by verdict'),
    barChart(doc) ?? h(Text, { style: s.muted }, 'No connector calls.'),
    h(Text, { style: s.h2 }, 'Operations by action type'),
    table(
      [
        { title: 'Action type', flex: 3 },
        { title: 'Entries', flex: 1, align: 'right' },
      ],
      Object.entries(x.by_action_type).map(([k, v]) => [k, n(v)]),
    ),
    h(Text, { style: s.h2 }, 'Per-connector operations'),
    table(
      [
        { title: 'Connector', flex: 2 },
        { title: 'Operation', flex: 2.6 },
        { title: 'Access', flex: 1 },
        { title: 'Calls', flex: 1, align: 'right' },
        { title: 'Permit', flex: 1, align: 'right' },
        { title: 'Escalate', flex: 1.1, align: 'right' },
        { title: 'Deny', flex: 1, align: 'right' },
        { title: 'Errors', flex: 1, align: 'right' },
      ],
      x.operations.map((o) => [o.connector, o.operation, o.access, n(o.calls), n(o.permit), n(o.escalate), n(o.deny), n(o.error)]),
      { what: 'operations' },
    ),
    PAGE_BREAK,
    h(Text, { style: s.h2 }, 'Escalations and their outcomes'),
    h(Text, { style: s.note }, 'Every escalation of the period: the agent, the rule that escalated it, the reviewer who decided, and the seq of the call that ran under the approval. Ids are shortened to their first block; the package JSON holds them in full.'),
    ...pagedTable(
      [
        { title: 'Requested (UTC)', flex: 2.7 },
        { title: 'Approval', flex: 1.1, mono: true },
        { title: 'Agent', flex: 2.5 },
        { title: 'Rule', flex: 1.1, mono: true },
        { title: 'Risk', flex: 0.6, align: 'right' },
        { title: 'Outcome', flex: 1.3 },
        { title: 'Reviewer', flex: 1.1, mono: true },
        { title: 'Decided in', flex: 1.7, align: 'right' },
        { title: 'Ran at', flex: 1.1, align: 'right' },
      ],
      x.escalations.rows.map((r) => escalationCells(doc, r)),
      H2_HEIGHT + NOTE_HEIGHT * 2,
      tm,
      { what: 'escalations', limit: ESCALATIONS_PRINTED },
    ),
    PAGE_BREAK,
    h(Text, { style: s.h2 }, 'Drift'),
    ...pagedTable(
      [
        { title: 'Time', flex: 2.4 },
        { title: 'Seq', flex: 0.8, align: 'right' },
        { title: 'Types', flex: 3.4 },
        { title: 'Severity', flex: 1.1 },
        { title: 'Response', flex: 1.1 },
      ],
      x.drift.rows.map((r) => [ts(r.ts), String(r.seq), r.drift_types.join(', '), r.severity, r.response]),
      H2_HEIGHT,
      tm,
      { what: 'drift events' },
    ),
    ...suspensionsBlock(doc, tm),
  ];
}

/** Suspensions follow the drift table; more than a page of them start a page of their own and are cut into pages. */
function suspensionsBlock(doc: PackageDoc, tm: TextMeasure): ReactElement[] {
  const cols: Column[] = [
    { title: 'Time', flex: 2.4 },
    { title: 'Seq', flex: 0.8, align: 'right' },
    { title: 'Event', flex: 1.2 },
    { title: 'Reason', flex: 1 },
    { title: 'Agent', flex: 3.2 },
  ];
  const rows = doc.execution.suspensions.rows.map((r) => [ts(r.ts), String(r.seq), r.action, r.reason ?? '-', r.agent_id === null ? '-' : (doc.agent_names[r.agent_id] ?? shortId(r.agent_id))]);
  const title = h(Text, { style: s.h2 }, 'Suspensions and resumptions');
  if (rows.length <= SUSPENSIONS_INLINE) return [title, table(cols, rows, { what: 'events' })];
  return [PAGE_BREAK, title, ...pagedTable(cols, rows, H2_HEIGHT, tm, { what: 'events' })];
}

/** One escalation as the table prints it: times to the second, ids to their first block. */
export function escalationCells(doc: PackageDoc, r: PackageDoc['execution']['escalations']['rows'][number]): string[] {
  return [
    r.requested_ts.slice(0, 19).replace('T', ' '),
    shortId(r.approval_id),
    r.agent_id === null ? '-' : (doc.agent_names[r.agent_id] ?? shortId(r.agent_id)),
    r.rule_id === null ? '-' : shortId(r.rule_id),
    r.risk_score === null ? '-' : String(r.risk_score),
    r.outcome,
    r.reviewer_id === null ? '-' : shortId(r.reviewer_id),
    r.decided_ts === null ? '-' : duration(Date.parse(r.decided_ts) - Date.parse(r.requested_ts)),
    r.executed_seq === null ? '-' : String(r.executed_seq),
  ];
}

/** 3h05m, 12m40s, 9s. */
function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const sec = Math.round(ms / 1000);
  if (sec < 60) return `${sec}s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min}m${String(sec % 60).padStart(2, '0')}s`;
  return `${Math.floor(min / 60)}h${String(min % 60).padStart(2, '0')}m`;
}

/** Escalations printed in full up to this many (about 60 pages); beyond, the package JSON holds them all. */
const ESCALATIONS_PRINTED = 2_500;

/** Up to this many suspension rows flow on under the drift table. */
const SUSPENSIONS_INLINE = 40;

function dataFlowSection(doc: PackageDoc): ReactElement[] {
  const label = new Map(doc.data_flow.nodes.map((nd) => [nd.id, nd.label]));
  return [
    heading(SECTIONS[1]!),
    h(
      Text,
      { style: s.p },
      'Every call passes the policy engine, which records its decision in the audit trail. Permitted calls reach the connector and its external system; escalated calls wait for a reviewer; denied calls stop at the gate. Thick lines are writes, thin lines reads.',
    ),
    flowDiagram(doc),
    h(Text, { style: s.h2 }, 'Flows'),
    table(
      [
        { title: 'From', flex: 3 },
        { title: 'To', flex: 3 },
        { title: 'Access', flex: 1 },
        { title: 'Outcome', flex: 1.3 },
        { title: 'Calls', flex: 1, align: 'right' },
      ],
      doc.data_flow.edges.map((e) => [label.get(e.from) ?? e.from, label.get(e.to) ?? e.to, e.access, e.outcome ?? '-', n(e.count)]),
      { what: 'flows' },
    ),
    // The diagram's source is data, not reading matter: it travels in the package JSON.
    h(Text, { style: s.note }, 'The diagram is kept as Mermaid text in the package JSON (data_flow.mermaid), not printed here.'),
  ];
}

function questionnaireSection(doc: PackageDoc): ReactElement[] {
  const out: ReactElement[] = [heading(SECTIONS[2]!)];
  out.push(h(Text, { style: s.note }, 'Answers are computed from the verified evidence. Question wording is Crosscheck\u2019s own; the CAIQ v4 question IDs say which questionnaire items each answer addresses.'));
  for (const cat of Object.keys(CATEGORY_TITLES) as QuestionCategory[]) {
    out.push(h(Text, { style: s.h2, minPresenceAhead: 60 }, CATEGORY_TITLES[cat]));
    for (const q of doc.questionnaire.filter((qq) => qq.category === cat)) {
      const color = q.answer === 'yes' ? C.permit : q.answer === 'no' ? C.deny : q.answer === 'partial' ? C.escalate : C.muted;
      out.push(
        h(
          View,
          { style: s.qa, wrap: false },
          h(Text, { style: { fontWeight: 'bold' } }, `${q.id}  ${q.question}`),
          h(Text, { style: s.muted }, `CAIQ v4: ${q.caiq.join(', ')}`),
          h(Text, null, h(Text, { style: [s.badge, { color }] }, `${q.answer.toUpperCase().replace('_', ' ')}  `), q.response),
          ...q.evidence.slice(0, 12).map((e, i) => h(Text, { key: String(i), style: s.note }, `Evidence: ${e.source} \u2014 ${e.detail}`)),
        ),
      );
    }
  }
  return out;
}

function subprocessorSection(doc: PackageDoc): ReactElement[] {
  return [
    heading(SECTIONS[3]!),
    h(Text, { style: s.p }, 'The governance platform and its hosting provider are always listed. Every connector the population used follows; a connector missing from the registry is listed as unmapped, never dropped.'),
    table(
      [
        { title: 'Role', flex: 1.6 },
        { title: 'Connector', flex: 1.5 },
        { title: 'Legal entity', flex: 2.6 },
        { title: 'Service', flex: 2.6 },
        { title: 'Data types observed', flex: 2.4 },
        { title: 'SOC 2', flex: 1 },
        { title: 'Calls', flex: 0.9, align: 'right' },
      ],
      doc.subprocessors.map((r) => [
        r.role.replace('_', ' '),
        r.connector ?? '-',
        r.mapped || r.role !== 'connector' ? (r.legal_entity ?? '-') : 'UNMAPPED',
        r.service ?? '-',
        r.observed_data_types.join(', ') || '-',
        r.soc2.replace('_', ' '),
        r.role === 'connector' ? n(r.calls) : '-',
      ]),
      { what: 'sub-processors' },
    ),
  ];
}

const COVERAGE_WORDS: Record<string, string> = {
  exceptions: 'EXCEPTIONS',
  tested: 'tested, no exceptions',
  evidenced: 'evidenced, not tested',
  documented: 'document on file',
  needs_document: 'needs a document',
  not_evidenced: 'not evidenced',
};

function soc2Section(doc: PackageDoc): ReactElement[] {
  const coverage = packageCoverage(doc);
  const shown = coverage.filter((c) => c.status !== 'needs_document');
  const documentsOnly = coverage.filter((c) => c.status === 'needs_document').map((c) => c.criterion);
  return [
    heading(SECTIONS[4]!),
    h(
      Text,
      { style: s.p },
      'Conclusions per criterion by Crosscheck\u2019s documented rule (the same as the app\u2019s Controls screen): a finding makes an exception; a test Crosscheck re-performed over the population, with no finding, makes it tested; events alone make it evidenced, not tested. Evidence counts accepted entries only.',
    ),
    table(
      [
        { title: 'Criterion', flex: 0.9 },
        { title: 'Conclusion', flex: 1.6 },
        { title: 'Rule applied', flex: 6 },
      ],
      shown.map((c) => [c.criterion, COVERAGE_WORDS[c.status] ?? c.status, c.rule]),
      { what: 'criteria' },
    ),
    h(Text, { style: s.note }, `Need the client\u2019s documents (an agent audit trail cannot show them): ${documentsOnly.join(', ') || 'none'}.`),
    h(Text, { style: s.h2 }, 'The platform\u2019s declared mapping (spec \u00a710)'),
    h(
      Text,
      { style: s.p },
      `The export\u2019s own table of action types to criteria, applied to the population. Crosscheck does not accept: ${SOC2_EVIDENCE_MAP.filter((p) => p.relation === 'disputed')
        .map((p) => `${p.actionType} \u2192 ${p.criterion} (${p.reason})`)
        .join('; ')}.`,
    ),
    table(
      [
        { title: 'Criterion', flex: 1 },
        { title: 'Title', flex: 3 },
        { title: 'Evidence', flex: 1, align: 'right' },
        { title: 'Action types', flex: 3.5 },
        { title: 'Findings', flex: 1, align: 'right' },
      ],
      doc.soc2.criteria.map((c) => [
        c.criterion,
        CRITERION_TITLES[c.criterion] ?? '',
        n(c.evidence_count),
        c.action_types.map((a) => `${a.action_type} (${n(a.count)})`).join(', '),
        n(c.findings),
      ]),
    ),
    h(Text, { style: s.h2 }, 'Findings by criterion'),
    table(
      [
        { title: 'Finding kind', flex: 3 },
        { title: 'Count', flex: 1, align: 'right' },
        { title: 'Criteria', flex: 3 },
      ],
      doc.soc2.findings.map((f) => [f.kind, n(f.count), f.criteria.join(', ')]),
    ),
    ...(doc.soc2.unmapped_action_types.length > 0
      ? [
          h(Text, { style: s.h2 }, 'Action types without a mapping'),
          table(
            [
              { title: 'Action type', flex: 3 },
              { title: 'Entries', flex: 1, align: 'right' },
            ],
            doc.soc2.unmapped_action_types.map((u) => [u.action_type, n(u.count)]),
          ),
        ]
      : []),
  ];
}

function findingsSection(doc: PackageDoc): ReactElement[] {
  return [
    heading(SECTIONS[5]!),
    h(Text, { style: s.p }, `${n(doc.findings.length)} findings from verification and re-evaluation of the exports below.`),
    table(
      [
        { title: 'Severity', flex: 1.1 },
        { title: 'Kind', flex: 2.4 },
        { title: 'Seq', flex: 0.8, align: 'right' },
        { title: 'Criteria', flex: 1.4 },
        { title: 'Message', flex: 5 },
      ],
      doc.findings.map((f) => [f.severity, f.kind, f.seq === null ? '-' : String(f.seq), f.controls.join(', '), f.message]),
      { what: 'findings' },
    ),
  ];
}

function responsibilitySection(doc: PackageDoc): ReactElement[] {
  const cols = doc.responsibility.columns.map((t, i): { title: string; flex: number } => ({ title: t, flex: i === 0 ? 0.9 : 3 }));
  return [heading(SECTIONS[6]!), table(cols, doc.responsibility.rows)];
}

function appendixSection(doc: PackageDoc, packageId: string): ReactElement[] {
  return [
    heading(SECTIONS[7]!),
    kv([
      ['Package id', packageId],
      ['Format', doc.format],
      ['Population', `${n(doc.population.entries)} entries, seq ${doc.population.first_seq ?? '-'}\u2013${doc.population.last_seq ?? '-'}`],
      ['Origins', doc.population.origins.join(', ')],
      ['Leaf digest', doc.population.leaf_digest],
    ]),
    h(Text, { style: s.note }, 'Package id: SHA-256 of the canonical (RFC 8785) package JSON. Leaf digest: SHA-256 over the RFC 6962 leaf hashes of every entry in the population, in order; the binder CSV lists them.'),
    h(Text, { style: s.h2 }, 'Exports the package rests on'),
    ...doc.exports.map((e, i) =>
      h(
        View,
        { key: String(i), wrap: false, style: { marginBottom: 6, paddingBottom: 4, borderBottomWidth: 0.5, borderBottomColor: C.rule } },
        kv([
          ['Export id', e.export_id],
          ['Origin', e.origin],
          ['Period', `${e.period.from} \u2013 ${e.period.to}`],
          ['Range', `seq ${e.range.first_seq}\u2013${e.range.last_seq} (${n(e.range.count)} entries)`],
          ['Tree size', n(e.tree.size)],
          ['Root', e.tree.root],
          ['Integrity', `${e.integrity} (continuity: ${e.continuity})`],
          ['Keys', `envelope: ${e.envelope_key ?? '-'} · checkpoint: ${e.checkpoint_key ?? '-'}`],
          ...(e.checks ? ([['Checks', e.checks.map((c) => `${c.id} ${c.status}`).join(' · ')]] as Array<[string, string]>) : []),
          ...(e.checkpoint ? ([['Checkpoint', e.checkpoint.trim().split('\n').slice(0, 3).join(' / ')]] as Array<[string, string]>) : []),
        ]),
      ),
    ),
  ];
}

/**
 * What was verified and how, on the cover: the overall result, the checks every export passed,
 * the keys that signed, the findings, and the tool that did it (offline).
 */
function verificationCover(doc: PackageDoc): ReactElement[] {
  const total = doc.exports.length;
  const valid = doc.exports.filter((e) => e.integrity === 'VALID').length;
  const overall = total === 0 ? 'NO EXPORT' : valid === total ? 'VALID' : `NOT ALL VERIFIED (${total - valid} of ${total} exports not VALID)`;
  const keys = [...new Set(doc.exports.flatMap((e) => [e.envelope_key, e.checkpoint_key]).filter((k): k is string => k !== null))];
  const bySeverity: Record<string, number> = {};
  for (const f of doc.findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const findings = doc.findings.length === 0 ? 'none' : `${n(doc.findings.length)}: ${Object.entries(bySeverity).map(([k, v]) => `${v} ${k}`).join(', ')}`;
  return [
    h(Text, { style: s.h2 }, 'Verification'),
    kv([
      ['Overall result', overall],
      ['Checks', `${valid} of ${total} exports passed all ${CHECK_ORDER.length} checks of audit-export spec v1 §6 (${CHECK_ORDER.join(', ')})`],
      ['Signing keys', keys.join(', ') || '-'],
      ['Re-evaluation', `${n(doc.execution.totals.calls)} recorded decisions re-decided offline from the recorded policy state (spec §8)`],
      ['Findings', findings],
      ['Verified with', `Crosscheck ${APP_VERSION}, offline; the appendix lists every export's tree root and keys`],
    ]),
  ];
}

function documentFor(
  doc: PackageDoc,
  packageId: string,
  pages: Map<string, number>,
  tm: TextMeasure,
): ReactElement<DocumentProps> {
  const period = `${doc.period.from} \u2013 ${doc.period.to}`;
  const at = new Date(doc.generated_at);
  const header = h(
    View,
    { style: s.header, fixed: true },
    h(Text, null, `${doc.org.name} \u00b7 ${scopeLabel(doc)}`),
    h(Text, null, period),
  );
  const footer = h(
    View,
    { style: s.footer, fixed: true },
    h(Text, null, `Crosscheck compliance package ${packageId.slice(0, 16)}`),
    h(Text, { render: ({ pageNumber, totalPages }: { pageNumber: number; totalPages: number }) => `Page ${pageNumber} of ${totalPages}` }),
  );
  return createElement(
    Document,
    {
      title: `Compliance package \u2014 ${doc.org.name} \u2014 ${scopeLabel(doc)}`,
      author: doc.generated_by,
      subject: `Period ${period}`,
      creator: 'Crosscheck',
      producer: 'Crosscheck',
      keywords: `crosscheck-package ${packageId}`,
      creationDate: at,
      modificationDate: at,
    },
    h(
      Page,
      { size: 'A4', style: s.page },
      footer,
      h(Text, { style: s.coverTitle }, 'Compliance package'),
      h(Text, { style: s.coverSub }, 'Agent activity evidence, verified offline by Crosscheck'),
      kv([
        ['Organisation', doc.org.name],
        ['Scope', doc.scope.kind === 'agent' ? `${doc.scope.agent_name ?? '(unnamed agent)'} (${doc.scope.agent_id})` : 'Organisation, all agents'],
        ['Period', period],
        ['Generated', doc.generated_at],
        ['Generated by', doc.generated_by],
        ['Entries', n(doc.population.entries)],
        ['Exports', n(doc.exports.length)],
        ['Package id', packageId],
      ]),
      ...verificationCover(doc),
    ),
    h(
      Page,
      { size: 'A4', style: s.page },
      header,
      footer,
      h(Text, { style: s.h1 }, 'Contents'),
      ...SECTIONS.map((sec) =>
        h(
          View,
          // Fixed with a dynamic child (like the footer): resolved after pagination, when every
          // section marker has seen its page.
          { key: sec.id, style: s.tocRow, fixed: true },
          h(Text, null, sec.title),
          h(Text, { style: { position: 'absolute', right: 0, top: 4, width: 40, textAlign: 'right' }, render: () => String(pages.get(sec.id) ?? '') }),
        ),
      ),
    ),
    ...sectionBodies(doc, packageId, tm).flatMap((body, i) =>
      splitAtBreaks(body).map((part, j) =>
        h(Page, { key: `${SECTIONS[i]!.id}-${j}`, size: 'A4', style: s.page, wrap: true }, header, footer, pageMarker(SECTIONS[i]!, pages), ...part),
      ),
    ),
  );
}

function splitAtBreaks(body: ReactElement[]): ReactElement[][] {
  const parts: ReactElement[][] = [[]];
  for (const el of body) {
    if (el === PAGE_BREAK) parts.push([]);
    else parts[parts.length - 1]!.push(el);
  }
  return parts;
}

function sectionBodies(doc: PackageDoc, packageId: string, tm: TextMeasure): ReactElement[][] {
  return [
    executionSection(doc, tm),
    dataFlowSection(doc),
    questionnaireSection(doc),
    subprocessorSection(doc),
    soc2Section(doc),
    findingsSection(doc),
    responsibilitySection(doc),
    appendixSection(doc, packageId),
  ];
}

/** Renders the package in one pass: contents page numbers are resolved after pagination. */
export async function renderPackagePdf(doc: PackageDoc, packageId: string, opts: { resourcesDir?: string } = {}): Promise<Buffer> {
  // The long tables are broken into lines with the fonts' metrics, so the fonts load first.
  await preloadPdfFonts(opts.resourcesDir);
  return renderToBuffer(documentFor(doc, packageId, new Map(), TextMeasure.fromLoadedFonts()));
}
