/** Section 5: SOC 2 conclusions by the app's rule, then the platform's declared mapping. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import { CRITERION_TITLES } from '../../../../shared/controls/soc2.js';
import { packageCoverage } from '../../../../shared/package/package-coverage.js';
import { SOC2_EVIDENCE_MAP } from '../../../../shared/frameworks/soc2-evidence-map.js';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, n, s, table, type PdfSection } from '../kit/primitives.js';
import { COVERAGE_LABELS } from '../../../../shared/frameworks/framework-coverage.js';


export function soc2Section(doc: PackageDoc): ReactElement[] {
  const coverage = packageCoverage(doc);
  const shown = coverage.filter((c) => c.status !== 'needs_document');
  const documentsOnly = coverage.filter((c) => c.status === 'needs_document').map((c) => c.criterion);
  return [
    heading(SOC2_SECTION),
    h(
      Text,
      { style: s.p },
      'Conclusions per criterion by Crosscheck\u2019s documented rule (the same as the app\u2019s Controls screen): a finding makes an exception; a test Crosscheck re-performed over the population, with no finding, makes it tested; events alone make it evidenced, not tested. Evidence counts accepted entries only.',
    ),
    table(
      [
        { title: 'Criterion', flex: 0.9 },
        { title: 'Conclusion', flex: 1.6 },
        { title: 'Rule applied', flex: 6 },
      ],
      shown.map((c) => [c.criterion, c.status === 'exceptions' ? COVERAGE_LABELS.exceptions.toUpperCase() : COVERAGE_LABELS[c.status], c.rule]),
      { what: 'criteria' },
    ),
    h(Text, { style: s.note }, `Need the client\u2019s documents (an agent audit trail cannot show them): ${documentsOnly.join(', ') || 'none'}.`),
    h(Text, { style: s.h2 }, 'The platform\u2019s declared mapping (spec \u00a710)'),
    h(
      Text,
      { style: s.p },
      `The export\u2019s own table of action types to criteria, applied to the population. Crosscheck does not accept: ${SOC2_EVIDENCE_MAP.filter((p) => p.relation === 'disputed')
        .map((p) => `${p.actionType} \u2192 ${p.criterion} (${p.reason})`)
        .join('; ')}.`,
    ),
    table(
      [
        { title: 'Criterion', flex: 1 },
        { title: 'Title', flex: 3 },
        { title: 'Evidence', flex: 1, align: 'right' },
        { title: 'Action types', flex: 3.5 },
        { title: 'Findings', flex: 1, align: 'right' },
      ],
      doc.soc2.criteria.map((c) => [
        c.criterion,
        CRITERION_TITLES[c.criterion] ?? '',
        n(c.evidence_count),
        c.action_types.map((a) => `${a.action_type} (${n(a.count)})`).join(', '),
        n(c.findings),
      ]),
    ),
    h(Text, { style: s.h2 }, 'Findings by criterion'),
    table(
      [
        { title: 'Finding kind', flex: 3 },
        { title: 'Count', flex: 1, align: 'right' },
        { title: 'Criteria', flex: 3 },
      ],
      doc.soc2.findings.map((f) => [f.kind, n(f.count), f.criteria.join(', ')]),
    ),
    ...(doc.soc2.unmapped_action_types.length > 0
      ? [
          h(Text, { style: s.h2 }, 'Action types without a mapping'),
          table(
            [
              { title: 'Action type', flex: 3 },
              { title: 'Entries', flex: 1, align: 'right' },
            ],
            doc.soc2.unmapped_action_types.map((u) => [u.action_type, n(u.count)]),
          ),
        ]
      : []),
  ];
}

/** Section soc2: its anchor, title and body. */
export const SOC2_SECTION: PdfSection = { id: 'soc2', title: '5. SOC 2 control mapping', render: (ctx) => soc2Section(ctx.doc) };
