/**
 * Tables as people hand them over: CSV (RFC 4180 quoting), a Markdown pipe table, or an HTML
 * <table> pasted from a vendor's page. Each row keeps its line (CSV, Markdown) or row number
 * (HTML) so an error can name the row a person has to fix.
 */

export interface TextTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

export class TableParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableParseError';
  }
}

/** Parses CSV text: first record is the header; quoted fields may hold commas, quotes and newlines. */
export function parseCsv(text: string): TextTable {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) throw new TableParseError(`line ${recordLine}: a quoted field is never closed`);
  if (field !== '' || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  if (!head) throw new TableParseError('the file holds no header row');
  return {
    header: head.cells.map((c) => c.trim()),
    rows: rows.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) })),
  };
}

/** Parses the first Markdown pipe table of `text` (header, `---` separator, rows). */
export function parseMarkdownTable(text: string): TextTable {
  const lines = text.split(/\r?\n/);
  const split = (l: string) => {
    const t = l.trim().replace(/^\|/, '').replace(/\|$/, '');
    return t.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
  };
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.includes('|') || !/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(lines[i + 1]!))
      continue;
    const header = split(lines[i]!);
    const rows: TextTable['rows'] = [];
    for (let j = i + 2; j < lines.length && lines[j]!.includes('|'); j++)
      rows.push({ line: j + 1, cells: split(lines[j]!) });
    return { header, rows };
  }
  throw new TableParseError('no Markdown table found (a header row, then a |---| separator row)');
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
};

function htmlText(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#')
        return String.fromCodePoint(
          e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
        );
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Parses the first HTML <table> of `text`: its first row is the header (th or td); row numbers count from the header (1). */
export function parseHtmlTable(text: string): TextTable {
  const table = /<table[\s>][\s\S]*?<\/table>/i.exec(text);
  if (!table) throw new TableParseError('no <table> found in the HTML');
  const trs = [...table[0].matchAll(/<tr[\s>][\s\S]*?(?=<tr[\s>]|<\/table>)/gi)].map((m) =>
    [...m[0].matchAll(/<t([hd])[^>]*>([\s\S]*?)(?=<t[hd][\s>]|<\/tr>|$)/gi)].map((c) =>
      htmlText(c[2]!.replace(/<\/t[hd]>\s*$/i, '')),
    ),
  );
  const [header, ...rows] = trs.filter((r) => r.length > 0);
  if (!header) throw new TableParseError('the HTML table has no rows');
  return { header, rows: rows.map((cells, i) => ({ line: i + 2, cells })) };
}

/** Reads a table in whichever of the three forms `text` is (HTML, Markdown, else CSV). */
export function parseAnyTable(text: string): TextTable {
  if (/<table[\s>]/i.test(text)) return parseHtmlTable(text);
  if (/^\s*\|?[^\n]*\|[^\n]*\r?\n\s*\|?\s*:?-{3,}/m.test(text)) return parseMarkdownTable(text);
  return parseCsv(text);
}

/** The index of the first header cell matching one of `names` (case- and space-insensitive), or -1. */
export function columnIndex(header: readonly string[], names: readonly string[]): number {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const wanted = names.map(norm);
  return header.findIndex((h) => wanted.includes(norm(h)));
}
