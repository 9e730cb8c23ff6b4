/**
 * The cells of a SpreadsheetML worksheet read from its XML, and answers written into it by
 * replacing or inserting only the `<c>` elements of the target cells: every other byte of the
 * part (formatting, validations, formulas, merged cells, anything we do not know) stays as it was.
 */
import { attributes, columnName, escapeXml, parseCellRef, unescapeXml } from './xml-text.js';

export interface CellSpan {
  row: number;
  col: number;
  /** Offsets of the whole `<c …>…</c>` (or `<c …/>`) in the part. */
  start: number;
  end: number;
  attrs: Record<string, string>;
  inner: string;
}

interface RowSpan {
  row: number;
  start: number;
  /** Offset just past the start tag (`<row …>`), or of `/>` for a self-closing row. */
  openEnd: number;
  /** Offset of `</row>`; for a self-closing row, of its `/>`. */
  closeStart: number;
  selfClosing: boolean;
  cells: CellSpan[];
}

export interface ParsedSheet {
  xml: string;
  rows: RowSpan[];
  /** Offsets of the sheetData start tag's end and of `</sheetData>` (equal for `<sheetData/>`). */
  dataOpenEnd: number;
  dataCloseStart: number;
  dataSelfClosing: boolean;
}

const ROW_OPEN = /<((?:[\w.-]+:)?)row\b([^>]*?)(\/?)>/g;
const CELL_OPEN = /<((?:[\w.-]+:)?)c\b([^>]*?)(\/?)>/g;

/** The sheetData rows and cells of a worksheet part, with their offsets. */
export function parseSheet(xml: string): ParsedSheet {
  const open = /<((?:[\w.-]+:)?)sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open) throw new Error('the worksheet has no sheetData');
  const dataOpenEnd = open.index + open[0].length;
  if (open[2] === '/')
    return { xml, rows: [], dataOpenEnd: open.index, dataCloseStart: open.index, dataSelfClosing: true };
  const close = xml.indexOf(`</${open[1]}sheetData>`, dataOpenEnd);
  if (close < 0) throw new Error('the worksheet sheetData is not closed');
  const rows: RowSpan[] = [];
  let lastRow = 0;
  ROW_OPEN.lastIndex = dataOpenEnd;
  for (;;) {
    const m = ROW_OPEN.exec(xml);
    if (!m || m.index >= close) break;
    const a = attributes(m[2]!);
    const row = a['r'] !== undefined ? Number(a['r']) : lastRow + 1;
    lastRow = row;
    const openEnd = m.index + m[0].length;
    if (m[3] === '/') {
      rows.push({
        row,
        start: m.index,
        openEnd: openEnd - 2,
        closeStart: openEnd - 2,
        selfClosing: true,
        cells: [],
      });
      continue;
    }
    const end = xml.indexOf(`</${m[1]}row>`, openEnd);
    if (end < 0 || end > close) throw new Error(`row ${row} is not closed`);
    rows.push({
      row,
      start: m.index,
      openEnd,
      closeStart: end,
      selfClosing: false,
      cells: parseCells(xml, openEnd, end, row),
    });
    ROW_OPEN.lastIndex = end;
  }
  return { xml, rows, dataOpenEnd, dataCloseStart: close, dataSelfClosing: false };
}

function parseCells(xml: string, from: number, to: number, row: number): CellSpan[] {
  const cells: CellSpan[] = [];
  let lastCol = -1;
  CELL_OPEN.lastIndex = from;
  for (;;) {
    const m = CELL_OPEN.exec(xml);
    if (!m || m.index >= to) break;
    const attrs = attributes(m[2]!);
    const ref = attrs['r'] !== undefined ? parseCellRef(attrs['r']) : null;
    const col = ref ? ref.col : lastCol + 1;
    lastCol = col;
    const openEnd = m.index + m[0].length;
    if (m[3] === '/') {
      cells.push({ row, col, start: m.index, end: openEnd, attrs, inner: '' });
      continue;
    }
    const closeTag = `</${m[1]}c>`;
    const end = xml.indexOf(closeTag, openEnd);
    if (end < 0 || end > to) throw new Error(`a cell of row ${row} is not closed`);
    cells.push({
      row,
      col,
      start: m.index,
      end: end + closeTag.length,
      attrs,
      inner: xml.slice(openEnd, end),
    });
    CELL_OPEN.lastIndex = end + closeTag.length;
  }
  return cells;
}

/** The text of `<t>` runs in a string item or inline string, phonetic runs left out. */
export function runText(inner: string): string {
  const noPhonetic = inner.replace(/<((?:[\w.-]+:)?)rPh\b[\s\S]*?<\/\1rPh>/g, '');
  let out = '';
  for (const m of noPhonetic.matchAll(/<((?:[\w.-]+:)?)t\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1t>)/g))
    out += unescapeXml(m[2] ?? '');
  return out;
}

/** Every string item of a sharedStrings part, in order. */
export function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<((?:[\w.-]+:)?)si\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1si>)/g))
    out.push(runText(m[2] ?? ''));
  return out;
}

function innerElement(inner: string, local: string): string | null {
  const m = new RegExp(`<((?:[\\w.-]+:)?)${local}\\b[^>]*?(?:/>|>([\\s\\S]*?)</\\1${local}>)`).exec(inner);
  return m ? (m[2] ?? '') : null;
}

/** A cell's shown value as text ('' when empty). */
export function cellText(cell: CellSpan, shared: readonly string[]): string {
  const t = cell.attrs['t'];
  if (t === 'inlineStr') {
    const is = innerElement(cell.inner, 'is');
    return is === null ? '' : runText(is);
  }
  const v = innerElement(cell.inner, 'v');
  if (v === null) return '';
  const text = unescapeXml(v);
  if (t === 's') return shared[Number(text)] ?? '';
  if (t === 'b') return text === '1' ? 'TRUE' : 'FALSE';
  return text;
}

/** True when the cell holds a formula (its value is computed: we never overwrite it). */
export function hasFormula(cell: CellSpan): boolean {
  return innerElement(cell.inner, 'f') !== null;
}

/** A sheet as a grid of texts: rows[r][c], 1-based rows, 0-based columns. */
export function sheetGrid(sheet: ParsedSheet, shared: readonly string[]): Map<number, Map<number, string>> {
  const grid = new Map<number, Map<number, string>>();
  for (const r of sheet.rows) {
    const cells = new Map<number, string>();
    for (const c of r.cells) {
      const text = cellText(c, shared);
      if (text !== '') cells.set(c.col, text);
    }
    if (cells.size > 0) grid.set(r.row, cells);
  }
  return grid;
}

export interface CellWrite {
  row: number;
  col: number;
  text: string;
}

export interface WriteOutcome {
  xml: string;
  /** Writes refused because the target cell holds a formula. */
  skipped: CellWrite[];
}

function inlineCell(
  prefix: string,
  row: number,
  col: number,
  text: string,
  style: string | undefined,
): string {
  const s = style !== undefined ? ` s="${escapeXml(style)}"` : '';
  return `<${prefix}c r="${columnName(col)}${row}"${s} t="inlineStr"><${prefix}is><${prefix}t xml:space="preserve">${escapeXml(text)}</${prefix}t></${prefix}is></${prefix}c>`;
}

/** Column default styles from `<cols>`, so an inserted cell looks like its column. */
function columnStyles(xml: string): (col: number) => string | undefined {
  const cols: { min: number; max: number; style: string }[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?col\b([^>]*?)\/?>/g)) {
    const a = attributes(m[1]!);
    if (a['style'] !== undefined && a['min'] !== undefined && a['max'] !== undefined)
      cols.push({ min: Number(a['min']), max: Number(a['max']), style: a['style'] });
  }
  return (col) => cols.find((c) => col + 1 >= c.min && col + 1 <= c.max)?.style;
}

/**
 * Writes texts into cells as inline strings, keeping each target cell's style; cells, rows and
 * everything else not written keep their exact bytes. A cell holding a formula is left alone.
 */
export function writeCells(sheet: ParsedSheet, writes: readonly CellWrite[]): WriteOutcome {
  const xml = sheet.xml;
  const prefix = /<((?:[\w.-]+:)?)sheetData\b/.exec(xml)?.[1] ?? '';
  const colStyle = columnStyles(xml);
  const edits: { at: number; end: number; text: string }[] = [];
  const skipped: CellWrite[] = [];
  const byRow = new Map<number, CellWrite[]>();
  for (const w of writes) byRow.set(w.row, [...(byRow.get(w.row) ?? []).filter((x) => x.col !== w.col), w]);
  const newRows: string[] = [];
  const rowIndex = new Map(sheet.rows.map((r) => [r.row, r]));
  for (const [rowNo, ws] of [...byRow.entries()].sort((a, b) => a[0] - b[0])) {
    const row = rowIndex.get(rowNo);
    ws.sort((a, b) => a.col - b.col);
    if (!row) {
      const cells = ws.map((w) => inlineCell(prefix, rowNo, w.col, w.text, colStyle(w.col))).join('');
      newRows.push(`<${prefix}row r="${rowNo}">${cells}</${prefix}row>`);
      continue;
    }
    const inserts: { at: number; text: string }[] = [];
    for (const w of ws) {
      const existing = row.cells.find((c) => c.col === w.col);
      if (existing) {
        if (hasFormula(existing)) {
          skipped.push(w);
          continue;
        }
        edits.push({
          at: existing.start,
          end: existing.end,
          text: inlineCell(prefix, rowNo, w.col, w.text, existing.attrs['s']),
        });
        continue;
      }
      const next = row.cells.find((c) => c.col > w.col);
      inserts.push({
        at: next ? next.start : row.closeStart,
        text: inlineCell(prefix, rowNo, w.col, w.text, colStyle(w.col)),
      });
    }
    if (row.selfClosing && inserts.length > 0) {
      // `<row r="5"/>` becomes `<row r="5">…</row>`.
      edits.push({
        at: row.closeStart,
        end: row.closeStart + 2,
        text: `>${inserts.map((i) => i.text).join('')}</${prefix}row>`,
      });
    } else {
      for (const i of inserts) edits.push({ at: i.at, end: i.at, text: i.text });
    }
  }
  // Rows that did not exist go in row order among the existing ones.
  for (const text of newRows) {
    const rowNo = Number(/ r="(\d+)"/.exec(text)![1]);
    const next = sheet.rows.find((r) => r.row > rowNo);
    if (sheet.dataSelfClosing) continue;
    edits.push({
      at: next ? next.start : sheet.dataCloseStart,
      end: next ? next.start : sheet.dataCloseStart,
      text,
    });
  }
  let out = xml;
  if (sheet.dataSelfClosing && newRows.length > 0) {
    const m = /<((?:[\w.-]+:)?)sheetData\b([^>]*?)\/>/.exec(xml)!;
    out =
      xml.slice(0, m.index) +
      `<${m[1]}sheetData${m[2]}>${newRows.join('')}</${m[1]}sheetData>` +
      xml.slice(m.index + m[0].length);
    return { xml: widenDimension(out, writes), skipped };
  }
  // Apply back to front so earlier offsets stay valid; inserts at one offset keep their order.
  edits.sort((a, b) => b.at - a.at || b.end - a.end);
  const grouped: typeof edits = [];
  for (const e of edits) {
    const last = grouped[grouped.length - 1];
    if (last && last.at === e.at && last.end === e.at && e.end === e.at) last.text += e.text;
    else grouped.push({ ...e });
  }
  for (const e of grouped) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return {
    xml: widenDimension(
      out,
      writes.filter((w) => !skipped.includes(w)),
    ),
    skipped,
  };
}

/** Grows `<dimension ref>` to take in written cells, so readers that trust it see them. */
function widenDimension(xml: string, writes: readonly CellWrite[]): string {
  if (writes.length === 0) return xml;
  return xml.replace(
    /(<(?:[\w.-]+:)?dimension\b[^>]*?\bref=")([^"]*)(")/,
    (whole, a: string, ref: string, z: string) => {
      const [p, q] = ref.split(':');
      const from = parseCellRef(p ?? '');
      const to = parseCellRef(q ?? p ?? '');
      if (!from || !to) return whole;
      const maxRow = Math.max(to.row, ...writes.map((w) => w.row));
      const maxCol = Math.max(to.col, ...writes.map((w) => w.col));
      return `${a}${columnName(from.col)}${from.row}:${columnName(maxCol)}${maxRow}${z}`;
    },
  );
}
