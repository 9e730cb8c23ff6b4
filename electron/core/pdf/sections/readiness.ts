/** Readiness and progress per framework and theme, each with its formula, in a package made with `--framework`. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { Readiness } from '../../../../shared/frameworks/readiness.js';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, s, table, type PdfSection } from '../kit/primitives.js';

function one(r: Readiness): ReactElement[] {
  return [
    h(Text, { style: s.h2 }, `${r.overall.title}: ${r.overall.shown}`),
    table(
      [
        { title: 'Group', flex: 0.8 },
        { title: 'Title', flex: 3 },
        { title: 'Ready \u00f7 applicable', flex: 2, align: 'right' },
        { title: 'Excluded', flex: 1, align: 'right' },
        { title: 'Assessed \u00f7 all', flex: 2, align: 'right' },
      ],
      [r.overall, ...r.groups].map((g) => [
        g.group === 'all' ? 'All' : g.group,
        g.title,
        `${g.ready} \u00f7 ${g.applicable} = ${g.readiness === null ? 'n/a' : `${(g.readiness * 100).toFixed(1)}%`}`,
        String(g.excluded),
        `${g.assessed} \u00f7 ${g.total} = ${(g.progress * 100).toFixed(1)}%`,
      ]),
    ),
  ];
}

function readinessSection(doc: PackageDoc): ReactElement[] {
  const f = doc.frameworks;
  if (f === undefined) return [];
  const all = [f.readiness.iso27001, f.readiness.soc2].filter((r): r is Readiness => r !== undefined);
  return [
    heading(READINESS_SECTION),
    h(Text, { style: s.p }, `${all[0]?.formula ?? ''}.`),
    h(
      Text,
      { style: s.p },
      `Kept apart from ${all[0]?.progressFormula ?? ''}. A control with exceptions is progress, never readiness. Comparing two packages of the same scope (crosscheck package diff, the Packages screen) shows how readiness moved.`,
    ),
    ...all.flatMap(one),
  ];
}

export const READINESS_SECTION: PdfSection = {
  id: 'readiness',
  title: '10. Readiness',
  render: (ctx) => readinessSection(ctx.doc),
  applies: (doc) => doc.frameworks !== undefined,
};
