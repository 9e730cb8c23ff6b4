/** Appendix: the integrity evidence every conclusion rests on. */
import type { ReactElement } from 'react';
import { Text, View } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { C, h, heading, kv, n, s, type PdfSection } from '../kit/primitives.js';

export function appendixSection(doc: PackageDoc, packageId: string): ReactElement[] {
  return [
    heading(APPENDIX_SECTION),
    kv([
      ['Package id', packageId],
      ['Format', doc.format],
      ['Population', `${n(doc.population.entries)} entries, seq ${doc.population.first_seq ?? '-'}\u2013${doc.population.last_seq ?? '-'}`],
      ['Origins', doc.population.origins.join(', ')],
      ['Leaf digest', doc.population.leaf_digest],
    ]),
    h(Text, { style: s.note }, 'Package id: SHA-256 of the canonical (RFC 8785) package JSON. Leaf digest: SHA-256 over the RFC 6962 leaf hashes of every entry in the population, in order; the binder CSV lists them.'),
    h(Text, { style: s.h2 }, 'Exports the package rests on'),
    ...doc.exports.map((e, i) =>
      h(
        View,
        { key: String(i), wrap: false, style: { marginBottom: 6, paddingBottom: 4, borderBottomWidth: 0.5, borderBottomColor: C.rule } },
        kv([
          ['Export id', e.export_id],
          ['Origin', e.origin],
          ['Period', `${e.period.from} \u2013 ${e.period.to}`],
          ['Range', `seq ${e.range.first_seq}\u2013${e.range.last_seq} (${n(e.range.count)} entries)`],
          ['Tree size', n(e.tree.size)],
          ['Root', e.tree.root],
          ['Integrity', `${e.integrity} (continuity: ${e.continuity})`],
          ['Keys', `envelope: ${e.envelope_key ?? '-'} · checkpoint: ${e.checkpoint_key ?? '-'}`],
          ...(e.checks ? ([['Checks', e.checks.map((c) => `${c.id} ${c.status}`).join(' · ')]] as Array<[string, string]>) : []),
          ...(e.checkpoint ? ([['Checkpoint', e.checkpoint.trim().split('\n').slice(0, 3).join(' / ')]] as Array<[string, string]>) : []),
        ]),
      ),
    ),
  ];
}

/** Section appendix: its anchor, title and body. */
export const APPENDIX_SECTION: PdfSection = { id: 'appendix', title: 'Appendix: integrity evidence', render: (ctx) => appendixSection(ctx.doc, ctx.packageId) };
