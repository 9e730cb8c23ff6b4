/** The platform's own framework mapping checked claim by claim, in a package made with `--mapping`. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import { CLAIM_VERDICT_TITLES } from '../../../../shared/frameworks/mapping-check.js';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, s, table, type PdfSection } from '../kit/primitives.js';

function mappingSection(doc: PackageDoc): ReactElement[] {
  const m = doc.frameworks?.mapping;
  if (m === undefined) return [];
  const count = (v: string) => m.claims.filter((c) => c.verdict === v).length;
  return [
    heading(MAPPING_SECTION),
    h(
      Text,
      { style: s.p },
      `The platform\u2019s own mapping (${m.file}, sha256 ${m.sha256}) checked against the engagement\u2019s audit trail: ${m.claims.length} claim(s), ${count('supported')} supported, ${count('cannot_show')} the trail cannot show, ${count('contradicted')} contradicted by a finding, ${count('unknown')} unknown; ${m.claims.filter((c) => c.obsolete).length} written in the 2013 numbering (translated to 2022), ${m.claims.filter((c) => c.mislabel).length} mislabelled.`,
    ),
    table(
      [
        { title: 'Line', flex: 0.5, align: 'right' },
        { title: 'Claim', flex: 1.6 },
        { title: 'Platform control', flex: 1.8 },
        { title: 'Verdict', flex: 1.6 },
        { title: 'Why', flex: 5 },
      ],
      m.claims.map((c) => [
        String(c.line),
        c.given,
        c.platformControl,
        `${CLAIM_VERDICT_TITLES[c.verdict]}${c.obsolete ? '; 2013 id' : ''}${c.mislabel ? '; MISLABEL' : ''}`,
        `${c.reason}${c.mislabel ? ` Mislabel: ${c.mislabel}.` : ''}`,
      ]),
      { what: 'claims' },
    ),
  ];
}

export const MAPPING_SECTION: PdfSection = {
  id: 'mapping-check',
  title: '11. The platform\u2019s mapping, checked',
  render: (ctx) => mappingSection(ctx.doc),
  applies: (doc) => doc.frameworks?.mapping !== undefined,
};
