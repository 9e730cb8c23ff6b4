/**
 * Section 8: tests of controls. One workpaper per control tested in the engagement: the
 * population and how it is fixed, the size and its rationale, the seeded selection, the sample
 * with each item's result, the exceptions and the conclusion with its arithmetic. The same blocks
 * print a single workpaper on its own (`crosscheck sample --pdf`, the app's download).
 */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { TestedWorkpaper, TestResult, Workpaper } from '../../../../shared/sampling/workpaper-types.js';
import { h, heading, kv, n, PAGE_BREAK, s, table, ts, type PdfSection } from '../kit/primitives.js';

/** A workpaper as printed: as drawn (untested) or a concluded version. */
export interface PrintedWorkpaper {
  workpaper: Workpaper;
  /** Canonical SHA-256 of the drawn workpaper (its custody record). */
  sha256: string;
  tested: TestedWorkpaper | null;
}

function itemResult(w: Workpaper, results: readonly TestResult[], i: number): string {
  const rs = results.filter((r) => r.item === i);
  if (rs.some((r) => r.result === 'exception')) return 'EXCEPTION';
  return rs.length === w.attributes.length ? 'pass' : rs.length === 0 ? 'not tested' : 'partly tested';
}

/** The blocks of one workpaper. */
export function workpaperBlocks(p: PrintedWorkpaper): ReactElement[] {
  const { workpaper: w, tested: t } = p;
  const sel = w.selection;
  const results = t?.results ?? [];
  const blocks: ReactElement[] = [
    h(
      Text,
      { style: s.h2 },
      `${w.framework === 'soc2' ? 'SOC 2' : 'ISO/IEC 27001'} ${w.control} — ${w.population.title}`,
    ),
    kv([
      ['Engagement', `${w.engagement.name} (${w.engagement.id})`],
      ['Control', `${w.framework} ${w.control}`],
      [
        'Population',
        `${w.population.id}: verified entries of type ${w.population.action_types.join(', ')} in the engagement's accepted exports, in canonical order by leaf hash`,
      ],
      ['Population size', n(w.population.size)],
      ['Population digest', `${w.population.digest} (SHA-256 over the sorted leaf hashes)`],
      [
        'Exports',
        w.population.exports
          .map((x) => `${x.export_id} (tree ${n(x.tree_size)}, root ${x.tree_root.slice(0, 16)}…)`)
          .join('; ') || '-',
      ],
      [
        'Sample size',
        `${n(w.items.length)} — ${w.size.rule}${w.size.reason ? `; reason: ${w.size.reason}` : ''}`,
      ],
      [
        'Confidence / tolerable',
        `${(w.size.confidence * 100).toFixed(0)} % / ${(w.size.tolerable * 100).toFixed(0)} %`,
      ],
      [
        'Method',
        `${sel.method}${sel.stratify ? ` by ${sel.stratify} (${(sel.strata ?? []).map((x) => `${x.key}: ${x.n} of ${x.size}`).join('; ')})` : ''}`,
      ],
      ['Seed / PRNG', `"${sel.seed}" / ${sel.prng}`],
      ['Drawn', `${ts(w.generated_at)} by ${w.generated_by}; workpaper sha256 ${p.sha256}`],
      ['Tester(s)', t ? t.testers.join(', ') : 'not tested yet'],
      ['Tested', t ? `${ts(t.tested.from)} – ${ts(t.tested.to)}` : '-'],
      [
        'Version',
        t ? `${t.version}, concluded ${ts(t.concluded_at)} by ${t.concluded_by}` : 'as drawn (no conclusion)',
      ],
    ]),
    h(
      Text,
      { style: s.p },
      `Attributes tested on every item: ${w.attributes.map((a) => `${a.id} (${a.title})`).join('; ')}.`,
    ),
    table(
      [
        { title: '#', flex: 0.5, align: 'right' },
        { title: 'Seq', flex: 0.8, align: 'right' },
        { title: 'Time (UTC)', flex: 2.1 },
        { title: 'Action', flex: 1.8 },
        { title: 'Agent', flex: 1.1, mono: true },
        { title: 'Leaf hash', flex: 1.5, mono: true },
        ...(sel.stratify ? [{ title: 'Stratum', flex: 1.1 }] : []),
        { title: 'Findings', flex: 1.6 },
        { title: 'Result', flex: 1.2 },
      ],
      w.items.map((it, i) => [
        String(i + 1),
        String(it.seq),
        it.ts ? ts(it.ts) : '-',
        it.action_type,
        it.agent_id?.slice(0, 8) ?? '-',
        it.leaf_hash.slice(0, 12),
        // An agent stratum is a UUID: its first block names it, as in the Agent column.
        ...(sel.stratify ? [(sel.stratify === 'agent' ? it.stratum?.slice(0, 8) : it.stratum) ?? '-'] : []),
        it.findings.join(', ') || '-',
        t ? itemResult(w, results, i) : 'not tested',
      ]),
      { what: 'sampled items' },
    ),
  ];
  if (w.risk_items.length > 0) {
    blocks.push(
      h(
        Text,
        { style: s.p },
        `Risk-based additions (every population item with a finding, apart from the random sample): ${w.risk_items.map((r) => `seq ${r.seq} (${r.findings.join(', ')})`).join('; ')}.`,
      ),
    );
  }
  blocks.push(h(Text, { style: s.h2 }, 'Exceptions'));
  blocks.push(
    table(
      [
        { title: '#', flex: 0.5, align: 'right' },
        { title: 'Seq', flex: 0.8, align: 'right' },
        { title: 'Attribute', flex: 1.6 },
        { title: 'Note', flex: 5 },
        { title: 'Recorded by', flex: 1.8 },
      ],
      (t?.exceptions ?? []).map((x) => [
        String(x.item + 1),
        String(x.seq),
        x.attribute,
        x.note,
        `${x.tested_by}, ${ts(x.tested_at)}`,
      ]),
      { what: 'exceptions' },
    ),
  );
  blocks.push(h(Text, { style: s.h2 }, 'Conclusion'));
  blocks.push(
    t
      ? h(
          Text,
          { style: s.p },
          `${t.conclusion.effective ? 'OPERATING EFFECTIVELY' : 'NOT OPERATING EFFECTIVELY'}. ${t.conclusion.arithmetic}.`,
        )
      : h(Text, { style: [s.p, s.muted] }, 'Not concluded: the sample has not been tested yet.'),
  );
  return blocks;
}

export function workpapersSection(workpapers: readonly TestedWorkpaper[] | undefined): ReactElement[] {
  const list = workpapers ?? [];
  const out: ReactElement[] = [
    heading(WORKPAPERS_SECTION),
    h(
      Text,
      { style: s.p },
      'Tests of controls on reproducible samples (docs/sampling.md). Each sample can be re-drawn from the store with `crosscheck sample verify`; each concluded version is in the custody log.',
    ),
  ];
  if (list.length === 0)
    out.push(
      h(
        Text,
        { style: [s.p, s.muted] },
        'No test of a control was concluded in this engagement when the package was built.',
      ),
    );
  list.forEach((t, i) => {
    if (i > 0) out.push(PAGE_BREAK);
    out.push(...workpaperBlocks({ workpaper: t.drawn.workpaper, sha256: t.drawn.sha256, tested: t }));
  });
  return out;
}

/** Section workpapers: its anchor, title and body. */
export const WORKPAPERS_SECTION: PdfSection = {
  id: 'workpapers',
  title: '8. Tests of controls',
  render: (ctx) => workpapersSection(ctx.doc.workpapers),
};
