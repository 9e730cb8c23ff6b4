/** The Statement of Applicability (ISO/IEC 27001:2022 Annex A), in a package made with `--framework iso27001|all`. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import { COVERAGE_LABELS } from '../../../../shared/frameworks/framework-coverage.js';
import { includesIso } from '../../../../shared/frameworks/package-frameworks.js';
import { annexId, IMPLEMENTATION_LABELS } from '../../../../shared/frameworks/soa.js';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, n, s, table, type PdfSection } from '../kit/primitives.js';

function soaSection(doc: PackageDoc): ReactElement[] {
  const f = doc.frameworks;
  if (!includesIso(f)) return [];
  const edited = f.soa.filter((r) => r.edited !== null).length;
  const flagged = f.soa.filter((r) => r.flags.length > 0);
  return [
    heading(SOA_SECTION),
    h(
      Text,
      { style: s.p },
      `Every Annex A control of engagement ${f.engagement_id} as it stood when this package was generated: drafted by Crosscheck from the engagement\u2019s evidence (every control applies; the justification is the coverage rule), then edited by the auditor (${edited} control(s) edited; each edit is in the custody log with who and when). Evidence counts accepted entries; seq spans are per origin log.`,
    ),
    ...(flagged.length > 0
      ? [
          h(
            Text,
            { style: s.note },
            `Flagged: ${flagged.map((r) => `${annexId(r.control)} (${r.flags.join('; ')})`).join(', ')}.`,
          ),
        ]
      : []),
    table(
      [
        { title: 'Control', flex: 0.8 },
        { title: 'Title', flex: 2.2 },
        { title: 'Applies', flex: 0.9 },
        { title: 'Status', flex: 1.3 },
        { title: 'Conclusion', flex: 1.5 },
        { title: 'Evidence', flex: 1.6 },
        { title: 'Findings', flex: 1.6 },
        { title: 'Carried by', flex: 1.2 },
        { title: 'Justification', flex: 3.1 },
      ],
      f.soa.map((r) => [
        annexId(r.control),
        r.title,
        r.applicable ? 'yes' : 'NO',
        IMPLEMENTATION_LABELS[r.implementation],
        r.coverage === 'exceptions' ? COVERAGE_LABELS.exceptions.toUpperCase() : COVERAGE_LABELS[r.coverage],
        r.evidence.count === 0
          ? '\u2014'
          : `${n(r.evidence.count)} (seq ${r.evidence.runs.map((x) => `${x.fromSeq}\u2013${x.toSeq}`).join(', ')})`,
        r.findings.length === 0
          ? '\u2014'
          : r.findings
              .map(
                (x) =>
                  `${x.count}\u00d7 ${x.kind}${x.seqs.length > 0 ? ` seq ${x.seqs.slice(0, 4).join(', ')}` : ''}`,
              )
              .join('; '),
        r.responsibility.layers.join(', '),
        `${r.justification}${r.edited ? ` (edited by ${r.edited.by}, ${r.edited.at})` : ''}`,
      ]),
      { what: 'controls', limit: 100 },
    ),
  ];
}

export const SOA_SECTION: PdfSection = {
  id: 'soa',
  title: '8. Statement of Applicability (ISO/IEC 27001:2022)',
  render: (ctx) => soaSection(ctx.doc),
  applies: (doc) => includesIso(doc.frameworks),
};
