/**
 * The platform's own mapping of its controls to SOC 2 and ISO 27001, checked against the audit
 * trail: each claim (framework id, platform control, evidence claimed) is read — 2013 Annex A ids
 * translated to 2022 through the published correspondence, labels compared with what the id
 * names — and concluded from the engagement's coverage: supported (with citations), cannot show,
 * or contradicted by a finding. This is the auditor checking the vendor's paper (docs/frameworks.md).
 */
import type { CoverageLine } from './framework-coverage.js';
import { ISO27001_CATALOG, ISO27001_THEMES } from './iso27001-catalog.js';
import { iso2013PrefixTo2022, iso2013To2022 } from './iso27001-2013.js';
import type { SoaEvidence, SoaFinding } from './soa.js';
import { SOC2_CATALOG, SOC2_GROUPS } from './soc2-catalog.js';
import { columnIndex, type TextTable } from '../format/text-table.js';

export type ClaimVerdict = 'unknown' | 'contradicted' | 'supported' | 'cannot_show';

export const CLAIM_VERDICT_TITLES: Readonly<Record<ClaimVerdict, string>> = {
  unknown: 'unknown id',
  contradicted: 'contradicted by a finding',
  supported: 'supported by the audit trail',
  cannot_show: 'the audit trail cannot show it',
};

export interface ClaimTarget {
  framework: 'soc2' | 'iso27001';
  id: string;
  status: CoverageLine['status'] | null;
  citations: { actionType: string; count: number }[];
  runs: SoaEvidence['runs'];
  exports: string[];
  findings: SoaFinding[];
}

export interface MappingClaim {
  /** The line (CSV, Markdown) or row (HTML) of the claim. */
  line: number;
  given: string;
  platformControl: string;
  evidenceClaimed: string;
  /** The id as read: framework, edition and the label beside it. */
  read: {
    framework: 'soc2' | 'iso27001' | null;
    edition: '2013' | '2022' | null;
    id: string | null;
    label: string;
  };
  obsolete: boolean;
  mislabel: string | null;
  verdict: ClaimVerdict;
  /** What the verdict rests on, in a sentence. */
  reason: string;
  targets: ClaimTarget[];
}

/** The trail's facts the check concludes from, per framework and control. */
export interface MappingFacts {
  coverage: { soc2: readonly CoverageLine[]; iso27001: readonly CoverageLine[] };
  evidence: { soc2: ReadonlyMap<string, SoaEvidence>; iso27001: ReadonlyMap<string, SoaEvidence> };
  findings: { soc2: ReadonlyMap<string, SoaFinding[]>; iso27001: ReadonlyMap<string, SoaFinding[]> };
}

/** 2013 Annex A clause names (facts of the edition's structure), to read labels like "A.9 access control". */
const CLAUSES_2013: Readonly<Record<string, string>> = {
  'A.5': 'Information security policies',
  'A.6': 'Organization of information security',
  'A.7': 'Human resource security',
  'A.8': 'Asset management',
  'A.9': 'Access control',
  'A.10': 'Cryptography',
  'A.11': 'Physical and environmental security',
  'A.12': 'Operations security',
  'A.13': 'Communications security',
  'A.14': 'System acquisition, development and maintenance',
  'A.15': 'Supplier relationships',
  'A.16': 'Information security incident management',
  'A.17': 'Business continuity management',
  'A.18': 'Compliance',
};

/** The Trust Services Categories' names: a CC group labelled with one of them names the wrong thing. */
const TSC_CATEGORIES = ['security', 'availability', 'processing integrity', 'confidentiality', 'privacy'];

const soc2Ids = new Set(SOC2_CATALOG.map((c) => c.id));
const isoIds = new Set(ISO27001_CATALOG.map((c) => c.id));

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function sameName(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  return x !== '' && (x === y || (x.length >= 5 && y.includes(x)) || (y.length >= 5 && x.includes(y)));
}

interface ReadId {
  framework: 'soc2' | 'iso27001' | null;
  edition: '2013' | '2022' | null;
  id: string | null;
  label: string;
  /** The controls of this framework the id stands for (a group or 2013 clause stands for several). */
  targets: string[];
}

/** Reads one cell: "CC6.1", "CC1 — Security", "A.9.2.3", "ISO 27001 A.12.4.1 Event logging", "A.9 access control", "8.15". */
export function readFrameworkId(cell: string, frameworkHint = ''): ReadId {
  const text = cell.trim();
  const soc2 =
    /\b(CC\d{1,2}(?:\.\d{1,2})?|A1(?:\.\d{1,2})?|C1(?:\.\d{1,2})?|PI1(?:\.\d{1,2})?|P\d(?:\.\d{1,2})?)\b/.exec(
      text,
    );
  const iso = /\bA\s?\.\s?(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?\b/i.exec(text);
  const bare = /(?:^|[\s(])(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?(?=$|[\s),;:—–-])/.exec(text);
  const labelOf = (m: RegExpExecArray) =>
    (text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length))
      .replace(/iso\s*\/?\s*(iec)?\s*27001(:20\d\d)?|annex|soc\s*2|tsc/gi, ' ')
      .replace(/^[\s—–:\-|,]+|[\s—–:\-|,]+$/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const hintIso = /iso|27001|annex/i.test(frameworkHint + ' ' + text);
  if (soc2 && !(iso && iso.index < soc2.index)) {
    const id = soc2[1]!.toUpperCase();
    const group = SOC2_GROUPS.find((g) => g.id === id || (g.id === 'P' && /^P\d$/.test(id)));
    const targets = soc2Ids.has(id)
      ? [id]
      : group
        ? SOC2_CATALOG.filter((c) => c.group === group.id).map((c) => c.id)
        : [];
    return { framework: 'soc2', edition: null, id, label: labelOf(soc2), targets };
  }
  const m = iso ?? (hintIso ? bare : null);
  if (!m) return { framework: null, edition: null, id: null, label: text, targets: [] };
  const parts = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number);
  const label = labelOf(m);
  const clause = `A.${parts[0]}`;
  if (parts.length === 3) {
    const id = `A.${parts.join('.')}`;
    return { framework: 'iso27001', edition: '2013', id, label, targets: [...(iso2013To2022(id) ?? [])] };
  }
  if (parts.length === 2) {
    const id2022 = `${parts[0]}.${parts[1]}`;
    // A.5.1–A.8.34: the 2022 control (2013 objectives of A.5–A.8 share the form; the 2022 reading wins).
    if (isoIds.has(id2022))
      return { framework: 'iso27001', edition: '2022', id: id2022, label, targets: [id2022] };
    const objective = `${clause}.${parts[1]}`;
    const targets = iso2013PrefixTo2022(objective);
    return {
      framework: 'iso27001',
      edition: targets.length > 0 ? '2013' : null,
      id: objective,
      label,
      targets,
    };
  }
  // One part: a 2013 clause (A.9 …) or, for A.5–A.8, a 2022 theme unless the label names the 2013 clause.
  const theme = ISO27001_THEMES.find((t) => t.id === clause);
  if (
    theme &&
    !(CLAUSES_2013[clause] !== undefined && label !== '' && sameName(label, CLAUSES_2013[clause]))
  ) {
    return {
      framework: 'iso27001',
      edition: '2022',
      id: clause,
      label,
      targets: ISO27001_CATALOG.filter((c) => c.group === clause).map((c) => c.id),
    };
  }
  const targets = iso2013PrefixTo2022(clause);
  return { framework: 'iso27001', edition: targets.length > 0 ? '2013' : null, id: clause, label, targets };
}

/** Why a label does not name what the id names (null: it does, or there is no label). */
export function mislabelOf(r: ReadId): string | null {
  if (r.label === '' || r.id === null) return null;
  if (r.framework === 'soc2') {
    const group = SOC2_GROUPS.find((g) => r.id === g.id || r.id!.startsWith(g.id === 'P' ? 'P' : `${g.id}.`));
    if (!group) return null;
    const criterion = SOC2_CATALOG.find((c) => c.id === r.id);
    if ([group.title, ...(criterion ? [criterion.title] : [])].some((t) => sameName(r.label, t))) return null;
    const other = SOC2_GROUPS.find((g) => g.id !== group.id && sameName(r.label, g.title));
    if (other) return `${r.id} is ${group.title.toLowerCase()} (${group.id}); "${r.label}" is ${other.id}`;
    // "CC1 — Security": the common criteria together make up Security; CC1 is the control environment.
    if (group.id.startsWith('CC') && TSC_CATEGORIES.includes(norm(r.label)))
      return `${r.id} is ${group.title.toLowerCase()}, not "${r.label}" (a Trust Services Category; CC1–CC9 together are the common criteria)`;
    return null;
  }
  if (r.framework === 'iso27001' && r.edition === '2022') {
    const named = Object.entries(CLAUSES_2013).find(([, t]) => sameName(r.label, t));
    const what =
      ISO27001_CATALOG.find((c) => c.id === r.id)?.title.toLowerCase() ??
      ISO27001_THEMES.find((t) => t.id === r.id)?.title.toLowerCase() ??
      r.id;
    if (named && !iso2013PrefixTo2022(named[0]).some((x) => r.targets.includes(x)))
      return `"${r.label}" is the 2013 clause ${named[0]}; A.${r.id.replace(/^A\./, '')} in the 2022 edition is ${what}`;
    const theme = ISO27001_THEMES.find(
      (t) => sameName(r.label, t.title) && !r.targets.every((c) => `A.${c.split('.')[0]}` === t.id),
    );
    if (theme)
      return `A.${r.id.replace(/^A\./, '')} is not in theme ${theme.id} (${theme.title.toLowerCase()})`;
  }
  return null;
}

function target(framework: 'soc2' | 'iso27001', id: string, facts: MappingFacts): ClaimTarget {
  const line = facts.coverage[framework].find((l) => l.criterion === id);
  const ev = facts.evidence[framework].get(id);
  return {
    framework,
    id,
    status: line?.status ?? null,
    citations: ev?.actionTypes ?? [],
    runs: ev?.runs ?? [],
    exports: ev?.exports ?? [],
    findings: facts.findings[framework].get(id) ?? [],
  };
}

function shownId(t: ClaimTarget): string {
  return t.framework === 'iso27001' ? `A.${t.id}` : t.id;
}

/** Concludes one claim from the trail's facts. */
export function checkClaim(
  line: number,
  given: string,
  platformControl: string,
  evidenceClaimed: string,
  facts: MappingFacts,
  frameworkHint = '',
): MappingClaim {
  const r = readFrameworkId(given, frameworkHint);
  const base = {
    line,
    given,
    platformControl,
    evidenceClaimed,
    read: { framework: r.framework, edition: r.edition, id: r.id, label: r.label },
  };
  if (r.framework === null || r.targets.length === 0) {
    const why =
      r.id === null
        ? `"${given}" names no SOC 2 criterion or ISO 27001 Annex A control`
        : `${r.id} is not a SOC 2 criterion nor an ISO 27001 (2013 or 2022) Annex A control`;
    return { ...base, obsolete: false, mislabel: null, verdict: 'unknown', reason: why, targets: [] };
  }
  const obsolete = r.framework === 'iso27001' && r.edition === '2013';
  const mislabel = mislabelOf(r);
  const targets = r.targets.map((id) => target(r.framework!, id, facts));
  const contradicted = targets.filter((t) => t.findings.length > 0);
  const shown = targets.filter(
    (t) => t.findings.length === 0 && (t.status === 'tested' || t.status === 'evidenced'),
  );
  const translated = obsolete
    ? `${r.id} (2013) is ${targets.map(shownId).join(', ')} in ISO/IEC 27001:2022; `
    : '';
  let verdict: ClaimVerdict;
  let reason: string;
  if (contradicted.length > 0) {
    verdict = 'contradicted';
    reason = `${translated}${contradicted.map((t) => `${shownId(t)}: ${t.findings.map((f) => `${f.count}× ${f.kind}${f.seqs.length > 0 ? ` (seq ${f.seqs.slice(0, 5).join(', ')}${f.seqs.length > 5 ? ', …' : ''})` : ''}`).join('; ')}`).join('; ')}`;
  } else if (shown.length > 0) {
    verdict = 'supported';
    reason = `${translated}${shown.map((t) => `${shownId(t)} ${t.status === 'tested' ? 'tested, no exceptions' : 'evidenced'}: ${t.citations.map((c) => `${c.count} ${c.actionType}`).join(', ') || 'integrity checks re-performed on every export'}${t.runs.length > 0 ? ` (${t.runs.map((x) => `${x.origin} seq ${x.fromSeq}–${x.toSeq}`).join('; ')})` : ''}`).join('; ')}`;
  } else {
    verdict = 'cannot_show';
    const docs = targets.every((t) => t.status === 'needs_document' || t.status === 'documented');
    reason = `${translated}${docs ? 'an agent audit trail cannot show it: it needs the client’s documents' : 'nothing in this engagement’s accepted exports evidences it'} (${targets.map(shownId).join(', ')})`;
  }
  return { ...base, obsolete, mislabel, verdict, reason, targets };
}

/** Checks every claim of a mapping table; the id column may hold several ids (one claim each). */
export function checkMapping(table: TextTable, facts: MappingFacts): MappingClaim[] {
  const idCol = columnIndex(table.header, [
    'framework id',
    'control id',
    'criterion',
    'requirement',
    'mapping',
    'maps to',
    'framework control',
    'id',
    'iso 27001',
    'soc 2',
    'tsc',
  ]);
  const fwCol = columnIndex(table.header, ['framework', 'standard']);
  const ctlCol = columnIndex(table.header, [
    'platform control',
    'vendor control',
    'control',
    'control name',
    'platform',
  ]);
  const evCol = columnIndex(table.header, ['evidence claimed', 'evidence', 'claimed evidence', 'how']);
  const ids = idCol >= 0 ? idCol : 0;
  const out: MappingClaim[] = [];
  for (const row of table.rows) {
    const cell = row.cells[ids] ?? '';
    // "CC6.1, CC6.2 / A.9.2.3": one claim per id; a cell with one id and a label stays whole.
    const pieces = cell.split(/\s*[;,/]\s*|\s+and\s+/).filter((p) => p.trim() !== '');
    const claims =
      pieces.length > 1 && pieces.every((p) => readFrameworkId(p, row.cells[fwCol] ?? '').id !== null)
        ? pieces
        : [cell];
    for (const c of claims)
      out.push(
        checkClaim(
          row.line,
          c.trim(),
          ctlCol >= 0 ? (row.cells[ctlCol] ?? '') : '',
          evCol >= 0 ? (row.cells[evCol] ?? '') : '',
          facts,
          fwCol >= 0 ? (row.cells[fwCol] ?? '') : '',
        ),
      );
  }
  return out;
}
