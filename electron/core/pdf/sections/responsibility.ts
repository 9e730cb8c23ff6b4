/** Section 7: the responsibility matrix, then the complementary controls a SOC 2 report names. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import type { ComplementaryControl } from '../../../../shared/package/complementary-controls.js';
import { h, heading, s, table, type PdfSection } from '../kit/primitives.js';

const SOC2_WORDS: Record<string, string> = { type_ii: 'SOC 2 Type II', type_i: 'SOC 2 Type I', none: 'no SOC 2 report', unknown: 'SOC 2 status unknown' };

function controlRows(list: readonly ComplementaryControl[], withSoc2: boolean): string[][] {
  return list.map((c) => [c.criterion, c.organisation + (withSoc2 && c.soc2 ? ` (${SOC2_WORDS[c.soc2] ?? c.soc2})` : ''), c.control]);
}

export function responsibilitySection(doc: PackageDoc): ReactElement[] {
  const cols = doc.responsibility.columns.map((t, i): { title: string; flex: number } => ({ title: t, flex: i === 0 ? 0.9 : 3 }));
  const out = [heading(RESPONSIBILITY_SECTION), table(cols, doc.responsibility.rows)];
  // Packages recorded before the complementary controls were listed have none: their bytes stay as stored.
  const comp = doc.complementary;
  if (comp === undefined) return out;
  const ccols = [
    { title: 'Criterion', flex: 0.8 },
    { title: 'Operated by', flex: 1.6 },
    { title: 'Control', flex: 4 },
  ];
  out.push(
    h(Text, { style: s.p, key: 'cuec-head' }, `Complementary user entity controls (CUECs): ${comp.cuecs.length} controls the client organisation must operate for the platform's controls to achieve their criteria (the tenant column above).`),
    table(ccols, controlRows(comp.cuecs, false), { what: 'CUECs' }),
    h(Text, { style: s.p, key: 'csoc-head' }, `Complementary subservice organisation controls (CSOCs): ${comp.csocs.length} controls carried by the sub-service organisation that hosts the platform, named from the sub-processor list (the infrastructure column above). Their operation is evidenced by that organisation's own report, not by this audit trail.`),
    table(ccols, controlRows(comp.csocs, true), { what: 'CSOCs' }),
  );
  return out;
}

/** Section responsibility: its anchor, title and body. */
export const RESPONSIBILITY_SECTION: PdfSection = { id: 'responsibility', title: '7. Responsibility matrix and complementary controls', render: (ctx) => responsibilitySection(ctx.doc) };
