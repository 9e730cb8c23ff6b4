/** The five XML entities and character references, both ways, for the sheet parts we read and patch. */

/** Text as XML character data (also safe inside a double-quoted attribute). */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** XML character data as text: entities and `&#…;` references resolved, CDATA unwrapped. */
export function unescapeXml(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, t: string) => t.replace(/&/g, '&#38;'))
    .replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
      if (e === 'amp') return '&';
      if (e === 'lt') return '<';
      if (e === 'gt') return '>';
      if (e === 'quot') return '"';
      if (e === 'apos') return "'";
      const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
}

/** The attributes of one start tag (`<c r="A1" s="2">`), by local name. */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const name =
      m[1]!.includes(':') && !m[1]!.startsWith('xmlns') ? m[1]!.slice(m[1]!.indexOf(':') + 1) : m[1]!;
    out[name] = unescapeXml(m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Column letters of a 0-based index (0 → A, 26 → AA). */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The 0-based column index of letters (A → 0). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A cell reference split: `C12` → { col: 2, row: 12 } (rows 1-based as in the sheet). */
export function parseCellRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref);
  return m ? { col: columnIndex(m[1]!), row: Number(m[2]) } : null;
}
