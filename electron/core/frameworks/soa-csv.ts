/** The Statement of Applicability as CSV (RFC 4180, CRLF), for `crosscheck soa --csv` and the binder's `soa` file. */
import { annexId, IMPLEMENTATION_LABELS, type SoaRow } from '../../../shared/frameworks/soa.js';
import { COVERAGE_LABELS } from '../../../shared/frameworks/framework-coverage.js';
import { csvField } from '../binder/population-csv.js';

export const SOA_CSV_HEADER = [
  'control',
  'title',
  'theme',
  'applicable',
  'justification',
  'implementation',
  'conclusion',
  'evidence_count',
  'evidence_exports',
  'evidence_seq_ranges',
  'findings',
  'documents',
  'responsibility',
  'soc2',
  'edited_by',
  'edited_at',
  'flags',
] as const;

/** One SoA as CSV text: a header, then one line per Annex A control in catalog order. */
export function soaCsv(rows: readonly SoaRow[]): string {
  const lines = [SOA_CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        annexId(r.control),
        r.title,
        r.theme,
        r.applicable ? 'yes' : 'no',
        r.justification,
        IMPLEMENTATION_LABELS[r.implementation],
        COVERAGE_LABELS[r.coverage],
        String(r.evidence.count),
        r.evidence.exports.join(' '),
        r.evidence.runs.map((x) => `${x.origin} seq ${x.fromSeq}-${x.toSeq} (${x.count})`).join('; '),
        r.findings
          .map(
            (f) =>
              `${f.count}x ${f.kind} (${f.severity})${f.seqs.length > 0 ? ` seq ${f.seqs.join(' ')}` : ''}`,
          )
          .join('; '),
        String(r.documents),
        r.responsibility.layers.join(' '),
        r.soc2.map((s) => `${s.id} (${s.relation})`).join(' '),
        r.edited?.by ?? '',
        r.edited?.at ?? '',
        r.flags.join('; '),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
