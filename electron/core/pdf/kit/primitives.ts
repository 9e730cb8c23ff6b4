/** The PDF layout kit: the element helper, fonts, colours, text styles, cell tables, key–value lists, headings. */
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import type { TextMeasure } from './long-table.js';
import { createElement, type ReactElement, type ReactNode } from 'react';
import { Font, StyleSheet, Text, View } from '@react-pdf/renderer';
import { resourcePath } from '../../package/resources.js';
import { installFontCache } from './font-cache.js';

export type Props = Record<string, unknown> | null;

/** createElement without per-component prop typing: react-pdf's SVG text props are narrower than what it accepts. */
export function h(type: unknown, props: Props, ...children: ReactNode[]): ReactElement {
  return createElement(type as string, props, ...children);
}

export const SANS = 'DejaVu Sans';
export const MONO = 'DejaVu Sans Mono';
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
  installFontCache();
  await Promise.all([
    Font.load({ fontFamily: SANS, fontWeight: 400 }),
    Font.load({ fontFamily: SANS, fontWeight: 700 }),
    Font.load({ fontFamily: MONO }),
  ]);
}

export const C = {
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
export const PLAIN_FEATURES: Record<string, boolean> = Object.fromEntries(
  ['ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'].map((f) => [f, false]),
);

export const s = StyleSheet.create({
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
export const PAGE_BREAK: ReactElement = h(View, { key: 'page-break' });

/** Rows printed per table; the package JSON and the binder CSV always hold the whole population. */
export const PDF_ROW_LIMIT = 150;

export interface Column {
  title: string;
  flex: number;
  mono?: boolean;
  align?: 'left' | 'right';
}

export function table(columns: Column[], rows: string[][], opts: { limit?: number; what?: string } = {}): ReactElement {
  const { shown, note } = printed(rows, opts);
  return tableBlock(columns, shown, 0, rows.length === 0, note);
}

/** The rows a table prints (at most its limit) and the note saying how many were left out. */
export function printed(rows: string[][], opts: { limit?: number; what?: string }): { shown: string[][]; note: string | null } {
  const limit = opts.limit ?? PDF_ROW_LIMIT;
  const note = rows.length > limit ? `${limit} of ${rows.length} ${opts.what ?? 'rows'} shown; all are in the package JSON and the binder.` : null;
  return { shown: rows.slice(0, limit), note };
}

/** One Text per cell (no wrapping View): react-pdf's cost grows with the node count. Header cells keep the sans font. */
export function cell(c: Column, text: string, key: string, head = false): ReactElement {
  return h(Text, { key, style: [s.td, { flex: c.flex, flexBasis: 0, textAlign: c.align ?? 'left' }, c.mono === true && !head ? s.mono : {}] }, text);
}

/** A table's header row: its titles in bold on the header background. */
export function headerRow(columns: Column[], fixed: boolean): ReactElement {
  return h(View, { style: [s.tr, s.th], fixed }, ...columns.map((c, i) => cell(c, c.title, `h${i}`, true)));
}

/** A table of `rows` (already cut to what is printed); `first` is the index of its first row, for the zebra stripes. */
export function tableBlock(columns: Column[], rows: string[][], first: number, empty: boolean, note: string | null): ReactElement {
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
export const num = (v: unknown): number => v as number;
export const LINE_HEIGHT = num(s.page.lineHeight);
export const CONTENT_HEIGHT = 841.89 - num(s.page.paddingTop) - num(s.page.paddingBottom);
export const CONTENT_WIDTH = 595.28 - 2 * num(s.page.paddingHorizontal);
export const CELL_PADDING_X = 2 * num(s.td.paddingHorizontal);
export const ROW_LINE = num(s.page.fontSize) * LINE_HEIGHT;
/** A one-line row of a cell table: its line, the cell's padding and the row's rule. */
export const ROW_HEIGHT = ROW_LINE + 2 * num(s.td.paddingVertical) + num(s.tr.borderBottomWidth);
/** Space a page-top h2 takes (margins included), and a note under it. */
export const H2_HEIGHT = num(s.h2.marginTop) + num(s.h2.fontSize) * LINE_HEIGHT + num(s.h2.marginBottom);
export const NOTE_HEIGHT = num(s.note.fontSize) * LINE_HEIGHT + num(s.note.marginBottom);

export function kv(pairs: Array<[string, string]>): ReactElement {
  return h(
    View,
    null,
    ...pairs.map(([k, v], i) => h(View, { key: String(i), style: s.kv, wrap: false }, h(Text, { style: s.kvKey }, k), h(Text, { style: s.kvVal }, v))),
  );
}

export const n = (x: number): string => x.toLocaleString('en-US');
/** A timestamp that breaks at the space, not mid-token with a hyphen. */
export const ts = (t: string): string => t.replace('T', ' ');
/** The first block of a UUID: enough to find the row in the package JSON, short enough for one line. */
export const shortId = (id: string): string => id.slice(0, 8);

/** What a section renders from: the package, its id, the text measure of the long tables. */
export interface SectionContext {
  doc: PackageDoc;
  packageId: string;
  tm: TextMeasure;
}

/** One section of the package PDF: a new section is a new file with one of these, added to sections/registry.ts. */
export interface PdfSection extends SectionDef {
  render(ctx: SectionContext): ReactElement[];
  /** False when the package has nothing for the section (e.g. no SoA without `--framework iso27001`): it is left out, contents too. */
  applies?(doc: PackageDoc): boolean;
}

export interface SectionDef {
  id: string;
  title: string;
}

export function heading(sec: SectionDef): ReactElement {
  return h(Text, { id: sec.id, style: s.h1, bookmark: { title: sec.title } }, sec.title);
}

/** SVG text: react-pdf reads SVG font settings from props (style is used only to preload the font). */
export function svgText(x: number, y: number, text: string, size: number, fill: string, anchor: 'start' | 'middle' | 'end' = 'start', key?: string): ReactElement {
  return h(Text, { key, x, y, fontFamily: SANS, fontSize: size, fill, textAnchor: anchor, style: { fontFamily: SANS, fontSize: size } }, text);
}
