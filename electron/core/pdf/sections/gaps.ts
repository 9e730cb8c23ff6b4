/** The gap analysis of the Statement of Applicability, in a package made with `--framework iso27001|all`. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import { includesIso } from '../../../../shared/frameworks/package-frameworks.js';
import { GAP_KIND_TITLES, type GapKind } from '../../../../shared/frameworks/readiness.js';
import { annexId } from '../../../../shared/frameworks/soa.js';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, s, table, type PdfSection } from '../kit/primitives.js';

function gapsSection(doc: PackageDoc): ReactElement[] {
  const f = doc.frameworks;
  if (!includesIso(f)) return [];
  const kinds = Object.keys(GAP_KIND_TITLES) as GapKind[];
  return [
    heading(GAPS_SECTION),
    h(
      Text,
      { style: s.p },
      'Applicable Annex A controls with no evidence in the period, with findings above low severity, or needing a document with none attached; and every exclusion without a justification.',
    ),
    table(
      [
        { title: 'Gap', flex: 2 },
        { title: 'Controls', flex: 1, align: 'right' },
        { title: 'Which', flex: 5 },
      ],
      kinds.map((k) => {
        const gs = f.gaps.gaps.filter((g) => g.kind === k);
        return [
          GAP_KIND_TITLES[k],
          String(gs.length),
          gs.map((g) => annexId(g.control)).join(', ') || '\u2014',
        ];
      }),
    ),
    h(Text, { style: s.h2 }, 'Findings above low'),
    table(
      [
        { title: 'Control', flex: 1 },
        { title: 'Findings (kind, severity, seqs)', flex: 6 },
      ],
      f.gaps.gaps.filter((g) => g.kind === 'findings_above_low').map((g) => [annexId(g.control), g.detail]),
    ),
    h(Text, { style: s.h2 }, 'Gap categories'),
    table(
      [
        { title: 'Category', flex: 2 },
        { title: 'Open', flex: 3 },
        { title: 'Closed', flex: 3 },
      ],
      f.gaps.categories.map((c) => [
        c.title,
        c.open.map(annexId).join(', ') || '\u2014',
        c.closed.map(annexId).join(', ') || '\u2014',
      ]),
    ),
  ];
}

export const GAPS_SECTION: PdfSection = {
  id: 'gaps',
  title: '9. Gap analysis (ISO/IEC 27001:2022)',
  render: (ctx) => gapsSection(ctx.doc),
  applies: (doc) => includesIso(doc.frameworks),
};
