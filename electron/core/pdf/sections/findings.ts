/** Section 6: the findings. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, n, s, table, type PdfSection } from '../kit/primitives.js';

export function findingsSection(doc: PackageDoc): ReactElement[] {
  return [
    heading(FINDINGS_SECTION),
    h(Text, { style: s.p }, `${n(doc.findings.length)} findings from verification and re-evaluation of the exports below.`),
    table(
      [
        { title: 'Severity', flex: 1.1 },
        { title: 'Kind', flex: 2.4 },
        { title: 'Seq', flex: 0.8, align: 'right' },
        { title: 'Criteria', flex: 1.4 },
        { title: 'Message', flex: 5 },
      ],
      doc.findings.map((f) => [f.severity, f.kind, f.seq === null ? '-' : String(f.seq), f.controls.join(', '), f.message]),
      { what: 'findings' },
    ),
  ];
}

/** Section findings: its anchor, title and body. */
export const FINDINGS_SECTION: PdfSection = { id: 'findings', title: '6. Findings', render: (ctx) => findingsSection(ctx.doc) };
