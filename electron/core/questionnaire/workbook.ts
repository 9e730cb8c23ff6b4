/**
 * A customer's questionnaire opened as sheets of cell texts: an `.xlsx` (its parts kept byte for
 * byte for the write-back) or a `.csv`. Password-protected (an OLE/CFB container), macro-enabled,
 * corrupt and empty workbooks are refused with one clear error before anything else happens.
 */
import path from 'node:path';
import { parseCsv } from './csv.js';
import { parseSheet, parseSharedStrings, sheetGrid, type ParsedSheet } from './sheet-xml.js';
import {
  readWorkbookArchive,
  readWorkbookFile,
  refuse,
  sniffWorkbook,
  WORKBOOK_LIMITS,
} from './workbook-zip.js';
import { attributes } from './xml-text.js';

export interface SheetCells {
  name: string;
  /** rows[r][c]: 1-based rows, 0-based columns, non-empty texts only. */
  grid: Map<number, Map<number, string>>;
}

export interface XlsxWorkbook {
  kind: 'xlsx';
  label: string;
  parts: Map<string, Buffer>;
  /** Workbook part path (normally xl/workbook.xml). */
  workbookPart: string;
  sheets: (SheetCells & { part: string; parsed: ParsedSheet; hidden: boolean })[];
}

export interface CsvWorkbook {
  kind: 'csv';
  label: string;
  rows: string[][];
  /** The line ending the file used, kept on write. */
  eol: string;
  sheets: SheetCells[];
}

export type Workbook = XlsxWorkbook | CsvWorkbook;

/** The main part declared macro-enabled (.xlsm/.xltm); a Default for .bin alone is not a macro. */
const MACRO_TYPES = /macroEnabled\.main\+xml/i;

/** Resolves a relationship target against the folder of the part that holds it. */
export function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromPart), target));
}

/** The relationships part of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`). */
export function relsPartOf(part: string): string {
  return path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** The relationships of a rels part. */
export function parseRels(xml: string): Relationship[] {
  return [...xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*?)\/?>/g)].map((m) => {
    const a = attributes(m[1]!);
    return { id: a['Id'] ?? '', type: a['Type'] ?? '', target: a['Target'] ?? '' };
  });
}

function text(parts: Map<string, Buffer>, name: string): string | null {
  const b = parts.get(name);
  return b ? b.toString('utf8') : null;
}

async function openXlsx(bytes: Buffer, label: string): Promise<XlsxWorkbook> {
  const { parts } = await readWorkbookArchive(bytes, label);
  const types = text(parts, '[Content_Types].xml');
  if (types === null) refuse(label, 'the archive is not a workbook (no [Content_Types].xml)');
  if ([...parts.keys()].some((n) => /vbaProject\.bin$/i.test(n)) || MACRO_TYPES.test(types)) {
    refuse(
      label,
      'the workbook is macro-enabled (it holds a VBA project); save it as a plain .xlsx without macros and try again',
    );
  }
  const rootRels = text(parts, '_rels/.rels');
  const officeDoc = rootRels
    ? parseRels(rootRels).find((r) => r.type.endsWith('/officeDocument'))
    : undefined;
  const workbookPart = officeDoc ? resolveTarget('', officeDoc.target) : 'xl/workbook.xml';
  const wbXml = text(parts, workbookPart);
  if (wbXml === null) refuse(label, `the archive is not a workbook (no ${workbookPart})`);
  const rels = parseRels(text(parts, relsPartOf(workbookPart)) ?? '');
  const sharedRel = rels.find((r) => r.type.endsWith('/sharedStrings'));
  const sharedXml = sharedRel ? text(parts, resolveTarget(workbookPart, sharedRel.target)) : null;
  let shared: string[] = [];
  try {
    shared = sharedXml ? parseSharedStrings(sharedXml) : [];
  } catch (e) {
    refuse(label, `the workbook is corrupt (shared strings: ${(e as Error).message})`);
  }
  const sheets: XlsxWorkbook['sheets'] = [];
  for (const m of wbXml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*?)\/?>/g)) {
    const a = attributes(m[1]!);
    const rel = rels.find((r) => r.id === a['id']);
    if (!rel || !rel.type.endsWith('/worksheet')) continue; // chartsheets and dialog sheets hold no questions
    const part = resolveTarget(workbookPart, rel.target);
    const xml = text(parts, part);
    if (xml === null) refuse(label, `the workbook is corrupt (sheet "${a['name']}" has no part ${part})`);
    let parsed: ParsedSheet;
    try {
      parsed = parseSheet(xml);
    } catch (e) {
      refuse(label, `the workbook is corrupt (sheet "${a['name']}": ${(e as Error).message})`);
    }
    sheets.push({
      name: a['name'] ?? part,
      part,
      parsed,
      hidden: a['state'] === 'hidden' || a['state'] === 'veryHidden',
      grid: sheetGrid(parsed, shared),
    });
  }
  if (sheets.length === 0) refuse(label, 'the workbook has no worksheet');
  if (sheets.every((s) => s.grid.size === 0)) refuse(label, 'the workbook is empty (no sheet holds a value)');
  return { kind: 'xlsx', label, parts, workbookPart, sheets };
}

function openCsv(bytes: Buffer, label: string): CsvWorkbook {
  const body = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const rows = parseCsv(body);
  const grid = new Map<number, Map<number, string>>();
  rows.forEach((r, i) => {
    const cells = new Map<number, string>();
    r.forEach((v, c) => v.trim() !== '' && cells.set(c, v));
    if (cells.size > 0) grid.set(i + 1, cells);
  });
  if (grid.size === 0) refuse(label, 'the file is empty (no row holds a value)');
  return {
    kind: 'csv',
    label,
    rows,
    eol,
    sheets: [{ name: path.basename(label, path.extname(label)), grid }],
  };
}

/** Opens `file` as a questionnaire workbook; `label` names it in errors (the user's file name). */
export async function openWorkbook(file: string, label = path.basename(file)): Promise<Workbook> {
  return openWorkbookBytes(readWorkbookFile(file, label), label);
}

/** Opens a workbook's bytes (an `.xlsx`, else a CSV text named `label`). */
export async function openWorkbookBytes(bytes: Buffer, label: string): Promise<Workbook> {
  if (bytes.length > WORKBOOK_LIMITS.fileBytes)
    refuse(
      label,
      `the file is ${bytes.length} bytes, more than the ${WORKBOOK_LIMITS.fileBytes} a questionnaire may be`,
    );
  const kind = sniffWorkbook(bytes);
  if (kind === 'empty') refuse(label, 'the file is empty');
  if (kind === 'cfb') {
    refuse(
      label,
      'the workbook is password-protected (encrypted) or an old binary .xls; remove the password or save it as .xlsx and try again',
    );
  }
  if (kind === 'zip') return openXlsx(bytes, label);
  if (/\.csv$/i.test(label)) return openCsv(bytes, label);
  if (/\.xls[xmb]?$/i.test(label)) refuse(label, 'the workbook is corrupt (it is not a ZIP archive)');
  // Neither a workbook nor named .csv: read it as CSV only when it is text.
  if (bytes.subarray(0, 4096).includes(0))
    refuse(label, 'the file is neither an .xlsx workbook nor a CSV text');
  return openCsv(bytes, label);
}
