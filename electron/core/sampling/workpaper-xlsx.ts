/**
 * A workpaper as the auditor's spreadsheet: a Summary sheet (engagement, control, population
 * definition, size and digest, size rationale, seed, method, testers, dates, conclusion with its
 * arithmetic), the Sample (one row per item, one column per attribute), the Exceptions and the
 * Risk items. The same facts as the PDF; the JSON workpaper stays the one `sample verify` reads.
 */
import type { PrintedWorkpaper } from '../pdf/sections/workpapers.js';
import { buildWorkbook, XLSX_STYLE, type XlsxCell, type XlsxSheet } from '../xlsx/build-workbook.js';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

/** The bytes of a workpaper `.xlsx`. */
export async function workpaperXlsx(p: PrintedWorkpaper): Promise<Buffer> {
  const w = p.workpaper;
  const t = p.tested;
  const results = t?.results ?? [];
  const c = t?.conclusion ?? null;
  const summary: XlsxCell[][] = [
    ['Field', 'Value'],
    ['Engagement', `${w.engagement.name} (#${w.engagement.id})`],
    ['Framework and control', `${w.framework === 'iso27001' ? 'ISO/IEC 27001:2022' : 'SOC 2'} ${w.control}`],
    ['Population', `${w.population.title} (${w.population.id})`],
    ['Action types', w.population.action_types.join(', ')],
    ['Population size', w.population.size],
    ['Population digest (SHA-256 over sorted leaf hashes)', w.population.digest],
    ['Exports', w.population.exports.map((x) => `${x.export_id} (tree ${x.tree_size}, root ${x.tree_root})`).join('; ')],
    ['Sample size', w.size.n],
    ['Size rationale', w.size.reason ? `${w.size.rule}: ${w.size.reason}` : w.size.rule],
    ['Confidence / tolerable deviation rate', `${pct(w.size.confidence)} / ${pct(w.size.tolerable)}`],
    ['Method', w.selection.stratify ? `${w.selection.method} by ${w.selection.stratify}` : w.selection.method],
    ['PRNG and seed', `${w.selection.prng}, seed "${w.selection.seed}"`],
    ['Drawn', `${w.generated_at} by ${w.generated_by}`],
    ['Workpaper SHA-256 (custody)', p.sha256],
    ['Testers', t ? t.testers.join(', ') : 'not tested yet'],
    ['Tested', t ? `${t.tested.from} – ${t.tested.to}` : '—'],
    ['Deviations', c ? c.deviations : '—'],
    ['Conclusion', c ? (c.effective ? 'operating effectively' : 'NOT operating effectively') : 'not concluded'],
    ['Arithmetic', c ? c.arithmetic : '—'],
    ['Concluded', t ? `version ${t.version}, ${t.concluded_at} by ${t.concluded_by}` : '—'],
    ['Re-derive', 'crosscheck sample verify <workpaper.json> --store <dir>'],
  ];
  const attrs = w.attributes;
  const sample: XlsxCell[][] = [
    ['#', 'Seq', 'Origin', 'Time (UTC)', 'Action', 'Agent', 'Stratum', 'Findings', ...attrs.map((a) => a.title), 'Leaf hash'],
    ...w.items.map((it, i): XlsxCell[] => [
      it.index + 1,
      it.seq,
      it.origin,
      it.ts,
      it.action_type,
      it.agent_id,
      it.stratum ?? null,
      it.findings.join(', ') || null,
      ...attrs.map((a) => {
        // Results are kept append-only by position in the sample; the latest counts.
        const r = results.filter((x) => x.item === i && x.attribute === a.id).at(-1);
        return r ? (r.result === 'pass' ? 'pass' : `EXCEPTION: ${r.note}`) : 'not tested';
      }),
      it.leaf_hash,
    ]),
  ];
  const exceptions: XlsxCell[][] = [
    ['Seq', 'Origin', 'Attribute', 'Note', 'Source', 'Recorded', 'By'],
    ...(t?.exceptions ?? []).map((e): XlsxCell[] => [e.seq, e.origin, e.attribute, e.note, e.source, e.tested_at, e.tested_by]),
  ];
  const risk: XlsxCell[][] = [
    ['Seq', 'Origin', 'Time (UTC)', 'Action', 'Findings'],
    ...w.risk_items.map((r): XlsxCell[] => [r.seq, r.origin, r.ts, r.action_type, r.findings.join(', ')]),
  ];
  const sheets: XlsxSheet[] = [
    { name: 'Summary', headerRows: 1, widths: [44, 110], colStyles: { 1: XLSX_STYLE.wrapped }, rows: summary },
    { name: 'Sample', headerRows: 1, widths: [6, 9, 40, 26, 22, 38, 14, 24, ...attrs.map(() => 24), 66], rows: sample },
    { name: 'Exceptions', headerRows: 1, widths: [9, 40, 20, 60, 10, 26, 24], colStyles: { 3: XLSX_STYLE.wrapped }, rows: exceptions },
    { name: 'Risk items', headerRows: 1, widths: [9, 40, 26, 22, 40], rows: risk },
  ];
  return buildWorkbook(sheets, { title: `Workpaper ${w.framework} ${w.control}`, creator: 'Crosscheck' });
}
