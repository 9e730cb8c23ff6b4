/**
 * A licensed catalog the user supplies (an OSCAL catalog JSON, or a CSV of id,title,text) brings
 * the full text of a framework's controls, which Crosscheck does not ship. Every import is
 * validated whole before anything is written: an unknown or duplicate id, a missing control, an
 * empty title or text, or a crosswalk naming an id that does not exist is refused with the row
 * named, and the store is left as it was. A valid import replaces the previous one in one
 * transaction and is written to the custody log with the file's hash.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { FrameworkId } from '../../../shared/engagement/engagement-types.js';
import type { ImportedCatalogView } from '../../../shared/frameworks/frameworks-view.js';
import {
  CROSSWALK,
  CROSSWALK_RELATIONS,
  type CrosswalkPair,
  type CrosswalkRelation,
} from '../../../shared/frameworks/crosswalk.js';
import { ISO27001_CATALOG } from '../../../shared/frameworks/iso27001-catalog.js';
import { SOC2_CATALOG } from '../../../shared/frameworks/soc2-catalog.js';
import { columnIndex, parseCsv, TableParseError } from '../../../shared/format/text-table.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { appendCustody } from '../package/custody.js';

type Db = BetterSqlite3.Database;

export interface CatalogRow {
  /** Where the row is in the file ("line 4", "control a.5.1"), for errors. */
  where: string;
  id: string;
  title: string;
  text: string;
  crosswalk: { id: string; relation: string }[];
}

export interface ParsedCatalog {
  format: 'oscal' | 'csv';
  rows: CatalogRow[];
}

export type ImportedCatalog = ImportedCatalogView;

export interface ControlText {
  title: string;
  text: string;
}

const CATALOG_IDS: Readonly<Record<FrameworkId, readonly string[]>> = {
  soc2: SOC2_CATALOG.map((c) => c.id),
  iso27001: ISO27001_CATALOG.map((c) => c.id),
};

/** The catalog id an import's id names: Annex A ids with or without "A." (OSCAL writes "a.5.1"), SOC 2 ids in any case. */
export function normalizeControlId(framework: FrameworkId, raw: string): string {
  const t = raw.trim();
  if (framework === 'iso27001') {
    const m = /^(?:a[.-]?)?(\d{1,2})\.(\d{1,2})$/i.exec(t);
    return m ? `${Number(m[1])}.${Number(m[2])}` : t;
  }
  return t.toUpperCase();
}

function other(framework: FrameworkId): FrameworkId {
  return framework === 'soc2' ? 'iso27001' : 'soc2';
}

/** "CC6.1:equal; CC6.3" → pairs (relation default `intersect`). */
function crosswalkCell(cell: string): { id: string; relation: string }[] {
  return cell
    .split(/[;\s]+/)
    .filter((s) => s !== '')
    .map((s) => {
      const [id, relation] = s.split(':');
      return { id: id!, relation: (relation ?? 'intersect').toLowerCase() };
    });
}

function parseCsvCatalog(text: string, framework: FrameworkId): ParsedCatalog {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof TableParseError)
      throw new CrosscheckError('BAD_ARGUMENTS', `catalog CSV: ${e.message}; nothing was imported`);
    throw e;
  }
  const idCol = columnIndex(table.header, ['id', 'control', 'control id']);
  const titleCol = columnIndex(table.header, ['title', 'name']);
  const textCol = columnIndex(table.header, ['text', 'statement', 'description']);
  const xCol = columnIndex(table.header, [other(framework), 'crosswalk']);
  if (idCol < 0 || titleCol < 0 || textCol < 0) {
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `catalog CSV line 1: the header must name the columns id,title,text (found: ${table.header.join(',')}); nothing was imported`,
    );
  }
  return {
    format: 'csv',
    rows: table.rows.map((r) => ({
      where: `line ${r.line}`,
      id: r.cells[idCol] ?? '',
      title: r.cells[titleCol] ?? '',
      text: r.cells[textCol] ?? '',
      crosswalk: xCol < 0 ? [] : crosswalkCell(r.cells[xCol] ?? ''),
    })),
  };
}

interface OscalPart {
  name?: unknown;
  prose?: unknown;
  parts?: unknown;
}
interface OscalControl {
  id?: unknown;
  title?: unknown;
  parts?: unknown;
  props?: unknown;
  controls?: unknown;
}
interface OscalGroup {
  controls?: unknown;
  groups?: unknown;
}

function prose(parts: unknown, statementOnly: boolean): string[] {
  if (!Array.isArray(parts)) return [];
  const out: string[] = [];
  for (const p of parts as OscalPart[]) {
    if (statementOnly && p.name !== 'statement') continue;
    if (typeof p.prose === 'string' && p.prose.trim() !== '') out.push(p.prose.trim());
    out.push(...prose(p.parts, false));
  }
  return out;
}

function parseOscalCatalog(text: string): ParsedCatalog {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `catalog JSON does not parse: ${(e as Error).message}; nothing was imported`,
    );
  }
  const catalog = (doc as { catalog?: unknown } | null)?.catalog;
  if (catalog === null || typeof catalog !== 'object')
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      'catalog JSON has no "catalog" object: it is not an OSCAL catalog; nothing was imported',
    );
  const rows: CatalogRow[] = [];
  const visitControls = (controls: unknown, path: string) => {
    if (controls === undefined) return;
    if (!Array.isArray(controls))
      throw new CrosscheckError(
        'BAD_ARGUMENTS',
        `catalog JSON ${path}.controls is not an array; nothing was imported`,
      );
    (controls as OscalControl[]).forEach((c, i) => {
      const id = typeof c.id === 'string' ? c.id : '';
      const statement = prose(c.parts, true);
      const props = Array.isArray(c.props) ? (c.props as { name?: unknown; value?: unknown }[]) : [];
      rows.push({
        where: id === '' ? `${path}.controls[${i}]` : `control "${id}"`,
        id,
        title: typeof c.title === 'string' ? c.title.trim() : '',
        text: (statement.length > 0 ? statement : prose(c.parts, false)).join('\n\n'),
        crosswalk: props
          .filter(
            (p) => p.name === 'crosswalk-soc2' || p.name === 'crosswalk-iso27001' || p.name === 'crosswalk',
          )
          .flatMap((p) => crosswalkCell(String(p.value ?? ''))),
      });
      // Enhancements (nested controls) are not Annex A or TSC controls: the catalogs have none.
      if (Array.isArray(c.controls) && c.controls.length > 0) visitControls(c.controls, `control "${id}"`);
    });
  };
  const visitGroups = (groups: unknown, path: string) => {
    if (groups === undefined) return;
    if (!Array.isArray(groups))
      throw new CrosscheckError(
        'BAD_ARGUMENTS',
        `catalog JSON ${path}.groups is not an array; nothing was imported`,
      );
    (groups as OscalGroup[]).forEach((g, i) => {
      visitControls(g.controls, `${path}.groups[${i}]`);
      visitGroups(g.groups, `${path}.groups[${i}]`);
    });
  };
  visitControls((catalog as OscalGroup).controls, 'catalog');
  visitGroups((catalog as OscalGroup).groups, 'catalog');
  return { format: 'oscal', rows };
}

/** Reads a catalog file: OSCAL JSON when it starts with `{`, else CSV. */
export function parseCatalog(text: string, framework: FrameworkId): ParsedCatalog {
  return text.trimStart().startsWith('{') ? parseOscalCatalog(text) : parseCsvCatalog(text, framework);
}

/** Every problem of a parsed catalog against the framework's ids, each naming its row; empty when it can be imported. */
export function catalogProblems(parsed: ParsedCatalog, framework: FrameworkId): string[] {
  const ids = new Set(CATALOG_IDS[framework]);
  const otherIds = new Set(CATALOG_IDS[other(framework)]);
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const r of parsed.rows) {
    const id = normalizeControlId(framework, r.id);
    if (r.id.trim() === '') problems.push(`${r.where}: no control id`);
    else if (!ids.has(id))
      problems.push(
        `${r.where}: "${r.id}" is not a control of ${framework === 'soc2' ? 'SOC 2 (61 criteria)' : 'ISO/IEC 27001:2022 Annex A (93 controls)'}`,
      );
    else if (seen.has(id)) problems.push(`${r.where}: "${r.id}" is a duplicate of ${seen.get(id)}`);
    else seen.set(id, r.where);
    if (r.title === '') problems.push(`${r.where}: no title`);
    if (r.text === '')
      problems.push(`${r.where}: no text (a licensed catalog brings each control's full text)`);
    for (const x of r.crosswalk) {
      const xid = normalizeControlId(other(framework), x.id);
      if (!otherIds.has(xid))
        problems.push(
          `${r.where}: the crosswalk names "${x.id}", which is not a control of ${other(framework) === 'soc2' ? 'SOC 2' : 'ISO/IEC 27001:2022 Annex A'}`,
        );
      if (!(CROSSWALK_RELATIONS as readonly string[]).includes(x.relation))
        problems.push(
          `${r.where}: crosswalk relation "${x.relation}" is not one of ${CROSSWALK_RELATIONS.join(', ')}`,
        );
    }
  }
  const missing = CATALOG_IDS[framework].filter((id) => !seen.has(id));
  if (missing.length > 0)
    problems.push(
      `the catalog lacks ${missing.length} control(s): ${missing.slice(0, 12).join(', ')}${missing.length > 12 ? ', …' : ''}`,
    );
  return problems;
}

function pairsOf(parsed: ParsedCatalog, framework: FrameworkId): CrosswalkPair[] {
  const out: CrosswalkPair[] = [];
  for (const r of parsed.rows) {
    const id = normalizeControlId(framework, r.id);
    for (const x of r.crosswalk) {
      const xid = normalizeControlId(other(framework), x.id);
      out.push(
        framework === 'iso27001'
          ? { soc2: xid, iso: id, relation: x.relation as CrosswalkRelation }
          : { soc2: id, iso: xid, relation: x.relation as CrosswalkRelation },
      );
    }
  }
  return out;
}

/** Validates and stores a licensed catalog; refuses it whole (naming rows) and changes nothing when it is not valid. */
export function importCatalog(
  db: Db,
  input: { framework: FrameworkId; fileName: string; bytes: Buffer },
  actor: { by: string; at: string },
): ImportedCatalog {
  const text = input.bytes.toString('utf8');
  const parsed = parseCatalog(text, input.framework);
  const problems = catalogProblems(parsed, input.framework);
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('\n  ');
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `${input.fileName} was not imported (${problems.length} problem(s)); nothing was changed:\n  ${shown}${problems.length > 10 ? '\n  …' : ''}`,
    );
  }
  const pairs = pairsOf(parsed, input.framework);
  const sha = createHash('sha256').update(input.bytes).digest('hex');
  const result: ImportedCatalog = {
    framework: input.framework,
    sourceName: input.fileName,
    sourceSha256: sha,
    format: parsed.format,
    controls: parsed.rows.length,
    crosswalkPairs: pairs.length,
    importedAt: actor.at,
    importedBy: actor.by,
  };
  db.transaction(() => {
    db.prepare('DELETE FROM framework_texts WHERE framework = ?').run(input.framework);
    const put = db.prepare(
      'INSERT INTO framework_texts (framework, control_id, title, text) VALUES (?, ?, ?, ?)',
    );
    for (const r of parsed.rows)
      put.run(input.framework, normalizeControlId(input.framework, r.id), r.title, r.text);
    db.prepare('DELETE FROM framework_crosswalk WHERE source = ?').run(input.framework);
    const pair = db.prepare(
      'INSERT OR REPLACE INTO framework_crosswalk (soc2, iso, relation, source) VALUES (?, ?, ?, ?)',
    );
    for (const p of pairs) pair.run(p.soc2, p.iso, p.relation, input.framework);
    db.prepare(
      `INSERT INTO framework_imports (framework, source_name, source_sha256, format, controls, crosswalk_pairs, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (framework) DO UPDATE SET source_name = excluded.source_name, source_sha256 = excluded.source_sha256, format = excluded.format,
       controls = excluded.controls, crosswalk_pairs = excluded.crosswalk_pairs, imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
    ).run(
      input.framework,
      input.fileName,
      sha,
      parsed.format,
      parsed.rows.length,
      pairs.length,
      actor.at,
      actor.by,
    );
    appendCustody(db, {
      ts: actor.at,
      actor: actor.by,
      action: 'catalog.imported',
      subject: `catalog:${input.framework}`,
      exports: [],
      detail: {
        framework: input.framework,
        file_name: input.fileName,
        sha256: sha,
        format: parsed.format,
        controls: parsed.rows.length,
        crosswalk_pairs: pairs.length,
      },
    });
  })();
  return result;
}

/** The imported full text per control of a framework (empty: no licensed catalog imported). */
export function catalogTexts(db: Db, framework: FrameworkId): Map<string, ControlText> {
  return new Map(
    db
      .prepare<[string], { control_id: string; title: string; text: string }>(
        'SELECT control_id, title, text FROM framework_texts WHERE framework = ?',
      )
      .all(framework)
      .map((r) => [r.control_id, { title: r.title, text: r.text }]),
  );
}

/** The licensed catalog imported for a framework, if any. */
export function catalogImport(db: Db, framework: FrameworkId): ImportedCatalog | null {
  const r = db
    .prepare<
      [string],
      {
        source_name: string;
        source_sha256: string;
        format: 'oscal' | 'csv';
        controls: number;
        crosswalk_pairs: number;
        imported_at: string;
        imported_by: string;
      }
    >('SELECT * FROM framework_imports WHERE framework = ?')
    .get(framework);
  return r
    ? {
        framework,
        sourceName: r.source_name,
        sourceSha256: r.source_sha256,
        format: r.format,
        controls: r.controls,
        crosswalkPairs: r.crosswalk_pairs,
        importedAt: r.imported_at,
        importedBy: r.imported_by,
      }
    : null;
}

/**
 * The crosswalk in force: the built-in pairs, except that an imported catalog's pairs replace the
 * built-in pairs of every control that catalog gives pairs for.
 */
export function effectiveCrosswalk(db: Db): CrosswalkPair[] {
  const imported = db
    .prepare<[], { soc2: string; iso: string; relation: CrosswalkRelation; source: string }>(
      'SELECT soc2, iso, relation, source FROM framework_crosswalk ORDER BY soc2, iso',
    )
    .all();
  if (imported.length === 0) return [...CROSSWALK];
  const isoReplaced = new Set(imported.filter((p) => p.source === 'iso27001').map((p) => p.iso));
  const soc2Replaced = new Set(imported.filter((p) => p.source === 'soc2').map((p) => p.soc2));
  const kept = CROSSWALK.filter((p) => !isoReplaced.has(p.iso) && !soc2Replaced.has(p.soc2));
  const seen = new Set(kept.map((p) => `${p.soc2}|${p.iso}`));
  return [
    ...kept,
    ...imported
      .filter((p) => !seen.has(`${p.soc2}|${p.iso}`))
      .map((p) => ({ soc2: p.soc2, iso: p.iso, relation: p.relation })),
  ];
}
