/** Section 4: the sub-processors. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, n, s, table, type PdfSection } from '../kit/primitives.js';

export function subprocessorSection(doc: PackageDoc): ReactElement[] {
  return [
    heading(SUBPROCESSORS_SECTION),
    h(Text, { style: s.p }, 'The governance platform and its hosting provider are always listed. Every connector the population used follows; a connector missing from the registry is listed as unmapped, never dropped.'),
    table(
      [
        { title: 'Role', flex: 1.6 },
        { title: 'Connector', flex: 1.5 },
        { title: 'Legal entity', flex: 2.6 },
        { title: 'Service', flex: 2.6 },
        { title: 'Data types observed', flex: 2.4 },
        { title: 'SOC 2', flex: 1 },
        { title: 'Calls', flex: 0.9, align: 'right' },
      ],
      doc.subprocessors.map((r) => [
        r.role.replace('_', ' '),
        r.connector ?? '-',
        r.mapped || r.role !== 'connector' ? (r.legal_entity ?? '-') : 'UNMAPPED',
        r.service ?? '-',
        r.observed_data_types.join(', ') || '-',
        r.soc2.replace('_', ' '),
        r.role === 'connector' ? n(r.calls) : '-',
      ]),
      { what: 'sub-processors' },
    ),
  ];
}

/** Section subprocessors: its anchor, title and body. */
export const SUBPROCESSORS_SECTION: PdfSection = { id: 'subprocessors', title: '4. Sub-processors', render: (ctx) => subprocessorSection(ctx.doc) };
