/**
 * A package diff told by section in words: which figures moved and by how much, which rows
 * (findings, exports, escalations, answers) were added or removed, which answers changed.
 * The raw JSON paths stay available beside it; this is what a reader looks at first.
 */
import type { DiffChange } from './package-diff.js';

export interface DiffSection {
  /** The document's top-level member, e.g. `findings`. */
  id: string;
  title: string;
  /** One line in words, e.g. "2 added, 1 removed, 3 changed". */
  headline: string;
  lines: string[];
  changes: DiffChange[];
}

const SECTION_TITLES: Record<string, string> = {
  scope: 'Scope',
  org: 'Organisation',
  period: 'Period',
  generated_at: 'Generation',
  generated_by: 'Generation',
  agent_names: 'Agents',
  population: 'Population',
  execution: 'Execution graph',
  data_flow: 'Data flow',
  questionnaire: 'Questionnaire answers',
  subprocessors: 'Sub-processors',
  soc2: 'SOC 2 control mappings',
  exports: 'Integrity evidence (exports)',
  findings: 'Findings',
  responsibility: 'Responsibility matrix',
};

/** The order sections are told in: the package's own order, unknown members last. */
const ORDER = Object.keys(SECTION_TITLES);

interface PathParts {
  section: string;
  /** The path up to and including the last keyed row, e.g. `findings[kind=x,seq=3]`. */
  row: string | null;
  /** What is left after the row (or after the section), e.g. `answer`. */
  field: string;
}

function splitPath(path: string): PathParts {
  const m = /^([^.[]+)/.exec(path);
  const section = m ? m[1]! : path;
  const lastRow = path.lastIndexOf(']');
  if (lastRow < 0) return { section, row: null, field: path.slice(section.length).replace(/^\./, '') };
  return { section, row: path.slice(0, lastRow + 1), field: path.slice(lastRow + 1).replace(/^\./, '') };
}

/** A key value as a reader scans it: long ids cut to their first 8 characters. */
function keyValue(v: string): string {
  return v.length > 16 ? `${v.slice(0, 8)}…` : v;
}

/** `findings[kind=scope_violation,seq=12,…]` → `kind scope_violation, seq 12`. */
function rowWords(row: string): string {
  const m = /\[([^\]]*)\]$/.exec(row);
  if (!m) return row;
  const inner = m[1]!;
  if (/^\d+$/.test(inner)) return `row ${Number(inner) + 1}`;
  return inner
    .split(',')
    .slice(0, 3)
    .map((kv) => {
      const i = kv.indexOf('=');
      return i < 0 ? kv : `${kv.slice(0, i)} ${keyValue(kv.slice(i + 1))}`;
    })
    .join(', ');
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function fieldWords(field: string): string {
  return field
    .replace(/[._]/g, ' ')
    .replace(/\[(\d+)\]/g, ' $1')
    .trim();
}

function changedLine(c: DiffChange, label: string): string {
  if (typeof c.before === 'number' && typeof c.after === 'number') {
    const delta = c.after - c.before;
    return `${label}: ${c.before} → ${c.after} (${delta > 0 ? '+' : ''}${delta})`;
  }
  return `${label}: ${value(c.before)} → ${value(c.after)}`;
}

/** Up to this many rows of one array are named one per line; more are counted on one line. */
const ROWS_NAMED = 5;

function listed(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).join('; ');
  return keys.length > 3 ? `${shown}; and ${keys.length - 3} more` : shown;
}

/** The changes of one array of rows (findings, exports, operations…) told together. */
function arrayLines(name: string, changes: readonly { c: DiffChange; parts: PathParts }[]): string[] {
  const prefix = name === '' ? '' : `${name}: `;
  const added = changes
    .filter((x) => x.c.change === 'added' && x.parts.field === '')
    .map((x) => rowWords(x.parts.row!));
  const removed = changes
    .filter((x) => x.c.change === 'removed' && x.parts.field === '')
    .map((x) => rowWords(x.parts.row!));
  const inRows = changes.filter((x) => x.parts.field !== '');
  const lines: string[] = [];
  const rows = (word: string, keys: string[]) => {
    if (keys.length === 0) return;
    if (keys.length <= ROWS_NAMED) for (const k of keys) lines.push(`${prefix}${word}: ${k}`);
    else lines.push(`${prefix}${keys.length} ${word}: ${listed(keys)}`);
  };
  rows('added', added);
  rows('removed', removed);
  if (inRows.length > 0 && inRows.length <= ROWS_NAMED + 1) {
    for (const x of inRows) lines.push(describe(x.c, x.parts, prefix));
  } else if (inRows.length > 0) {
    const keys = [...new Set(inRows.map((x) => rowWords(x.parts.row!)))];
    const fields = [...new Set(inRows.map((x) => fieldWords(x.parts.field)))];
    lines.push(
      `${prefix}${keys.length} ${keys.length === 1 ? 'row' : 'rows'} changed (${listed(keys)}) in ${listed(fields)}`,
    );
  }
  return lines;
}

function describe(c: DiffChange, parts: PathParts, prefix = ''): string {
  const where = parts.row ? rowWords(parts.row) : '';
  const label =
    prefix +
    ([where, fieldWords(parts.field)].filter((s) => s !== '').join(' · ') ||
      SECTION_TITLES[parts.section] ||
      parts.section);
  if (c.change === 'changed') return changedLine(c, label);
  if (c.change === 'added') return `${label} added: ${value(c.after)}`;
  return `${label} removed: ${value(c.before)}`;
}

function headline(changes: DiffChange[]): string {
  const n = (k: DiffChange['change']) => changes.filter((c) => c.change === k).length;
  const parts = [
    [n('added'), 'added'],
    [n('removed'), 'removed'],
    [n('changed'), 'changed'],
  ] as const;
  return parts
    .filter(([count]) => count > 0)
    .map(([count, word]) => `${count} ${word}`)
    .join(', ');
}

/** Figures a reader looks for first: totals and verdicts before the breakdowns. */
function priority(line: string): number {
  return /^(totals|verdicts|escalations|drift events|tree size)/.test(line) ? 0 : 1;
}

/** The lines of one section: its own figures first, then each array of rows told together. */
function sectionLines(items: readonly { c: DiffChange; parts: PathParts }[]): string[] {
  const scalars: string[] = [];
  const arrays = new Map<string, { c: DiffChange; parts: PathParts }[]>();
  for (const x of items) {
    if (!x.parts.row) {
      scalars.push(describe(x.c, x.parts));
      continue;
    }
    const arrayPath = x.parts.row.replace(/\[[^\]]*\]$/, '');
    const list = arrays.get(arrayPath) ?? [];
    list.push(x);
    arrays.set(arrayPath, list);
  }
  const lines = scalars.sort((a, b) => priority(a) - priority(b));
  for (const [arrayPath, list] of arrays) {
    const name = fieldWords(arrayPath.slice(list[0]!.parts.section.length).replace(/^\./, ''));
    lines.push(...arrayLines(name, list));
  }
  return lines;
}

/** Groups a diff by the package's sections and says each change in words. */
export function summarizeDiff(changes: readonly DiffChange[]): DiffSection[] {
  const bySection = new Map<string, { c: DiffChange; parts: PathParts }[]>();
  for (const c of changes) {
    const parts = splitPath(c.path);
    const key = SECTION_TITLES[parts.section] ?? parts.section;
    const group = bySection.get(key) ?? [];
    group.push({ c, parts });
    bySection.set(key, group);
  }
  const rank = (title: string) => {
    const i = ORDER.findIndex((id) => SECTION_TITLES[id] === title);
    return i < 0 ? ORDER.length : i;
  };
  return [...bySection.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([title, items]) => ({
      id: items[0]!.parts.section,
      title,
      headline: headline(items.map((x) => x.c)),
      lines: sectionLines(items),
      changes: items.map((x) => x.c),
    }));
}
