/** Filtering and sorting the SoA table (pure, so the route holds the view and tests can check it). */
import type { SoaRow } from '../../../../shared/frameworks/soa.js';

export const SOA_SORTS = ['control', 'implementation', 'evidence', 'findings', 'coverage'] as const;
export type SoaSort = (typeof SOA_SORTS)[number];

export interface SoaFilter {
  text: string;
  theme: string;
  applicable: '' | 'yes' | 'no';
  flagged: boolean;
  /** Control ids to show (a drill-down from a readiness number); empty: all. */
  only: string[];
}

export const EMPTY_SOA_FILTER: SoaFilter = { text: '', theme: '', applicable: '', flagged: false, only: [] };

/** The filter and sort a route's parameters name (unknown values ignored). */
export function soaViewFromParams(p: Record<string, string>): {
  filter: SoaFilter;
  sort: SoaSort;
  desc: boolean;
} {
  const applicable = p.applicable === 'yes' || p.applicable === 'no' ? p.applicable : '';
  const sort = (SOA_SORTS as readonly string[]).includes(p.sort ?? '') ? (p.sort as SoaSort) : 'control';
  return {
    filter: {
      text: (p.q ?? '').slice(0, 100),
      theme: /^A\.[5-8]$/.test(p.theme ?? '') ? p.theme! : '',
      applicable,
      flagged: p.flagged === '1',
      only: (p.only ?? '').split(',').filter((x) => /^[5-8]\.\d{1,2}$/.test(x)),
    },
    sort,
    desc: p.desc === '1',
  };
}

/** The route parameters of a filter and sort (the inverse of soaViewFromParams). */
export function soaViewToParams(
  f: SoaFilter,
  sort: SoaSort,
  desc: boolean,
): Record<string, string | undefined> {
  return {
    q: f.text || undefined,
    theme: f.theme || undefined,
    applicable: f.applicable || undefined,
    flagged: f.flagged ? '1' : undefined,
    only: f.only.length > 0 ? f.only.join(',') : undefined,
    sort: sort === 'control' ? undefined : sort,
    desc: desc ? '1' : undefined,
  };
}

function controlKey(id: string): number {
  const [a, b] = id.split('.').map(Number);
  return a! * 100 + b!;
}

const IMPLEMENTATION_ORDER = ['not_implemented', 'unknown', 'partial', 'implemented'];
const COVERAGE_ORDER = ['exceptions', 'not_evidenced', 'needs_document', 'evidenced', 'documented', 'tested'];

/** The rows a filter keeps, in the order a sort asks (ties by control id). */
export function filterSortSoa(rows: readonly SoaRow[], f: SoaFilter, sort: SoaSort, desc: boolean): SoaRow[] {
  const q = f.text.trim().toLowerCase();
  const kept = rows.filter(
    (r) =>
      (f.theme === '' || r.theme === f.theme) &&
      (f.applicable === '' || (f.applicable === 'yes') === r.applicable) &&
      (!f.flagged || r.flags.length > 0) &&
      (f.only.length === 0 || f.only.includes(r.control)) &&
      (q === '' || `a.${r.control} ${r.title} ${r.justification}`.toLowerCase().includes(q)),
  );
  const key = (r: SoaRow): number => {
    switch (sort) {
      case 'control':
        return controlKey(r.control);
      case 'implementation':
        return IMPLEMENTATION_ORDER.indexOf(r.implementation);
      case 'evidence':
        return r.evidence.count;
      case 'findings':
        return r.findings.reduce((s, x) => s + x.count, 0);
      case 'coverage':
        return COVERAGE_ORDER.indexOf(r.coverage);
    }
  };
  return [...kept].sort(
    (a, b) => (key(a) - key(b)) * (desc ? -1 : 1) || controlKey(a.control) - controlKey(b.control),
  );
}
