/** The verification report as text a person reads (same content as the JSON of spec §9). */
import type { Report } from './report-types.js';

const MARK: Record<string, string> = { pass: 'ok  ', fail: 'FAIL', unverifiable: '??  ', skip: '--  ' };

function short(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Renders a report as plain text, findings grouped by severity. */
export function formatReportText(r: Report): string {
  const out: string[] = [];
  const e = r.export;
  out.push(`Crosscheck verification report`);
  out.push(`  export      ${e.export_id ?? '(unreadable manifest)'}`);
  if (e.org) out.push(`  org         ${e.org.name} (${e.org.id})`);
  if (e.origin) out.push(`  log         ${e.origin}`);
  if (e.range) out.push(`  entries     seq ${e.range.first_seq}–${e.range.last_seq} (${e.range.count})`);
  if (e.period) out.push(`  period      ${e.period.from} → ${e.period.to}`);
  if (e.tree) out.push(`  tree        size ${e.tree.size}, root ${e.tree.root}`);
  out.push('');
  out.push(`INTEGRITY: ${r.integrity.status}   continuity: ${r.integrity.continuity}   tail pinned by a verified checkpoint: ${r.integrity.tail_pinned ? 'yes' : 'no'}`);
  for (const c of r.integrity.checks) out.push(`  [${MARK[c.status]}] ${c.id.padEnd(22)} ${c.detail}`);
  out.push('');
  const ev = r.evaluation;
  out.push(
    ev.skipped
      ? `RE-EVALUATION: skipped (${ev.skipped})`
      : `RE-EVALUATION: ${ev.calls} connector calls re-decided: ${ev.agreed} agree, ${ev.disagreed} disagree`,
  );
  if (ev.unevaluable) {
    out.push(`  ${ev.unevaluable} connector call(s) could not be re-decided: their data does not have the shape of spec §3.2`);
  }
  out.push('');
  if (r.findings.length === 0) out.push('FINDINGS: none');
  else {
    out.push(`FINDINGS: ${r.findings.length}`);
    for (const f of r.findings) {
      out.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.kind.padEnd(30)} ${f.seq === null ? 'export' : `seq ${f.seq}`}  [${f.controls.join(', ')}]`);
      out.push(`           ${f.message}`);
      if (f.recorded !== null || f.expected !== null) {
        out.push(`           recorded: ${short(f.recorded)}   expected: ${short(f.expected)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
