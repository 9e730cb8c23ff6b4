/** Integrity evidence: each export the package rests on, its status, range, tree and keys. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { StatusBadge } from '../../../components/badges.js';
import { Head } from '../../../components/table-head.js';
import { formatCount, shortId } from '../../../logic/format.js';
import { Section } from './section.js';

export function IntegritySection({ doc }: { doc: PackageDoc }) {
  return (
    <Section title="Integrity evidence" testId="pkg-exports">
      <table className="grid">
        <Head cols={['Export', 'Status', 'Range', 'Tree size', 'Root', 'Keys']} num={['Tree size']} />
        <tbody>
          {doc.exports.map((e) => (
            <tr key={e.export_id}>
              <td className="mono" title={e.export_id}>
                {shortId(e.export_id)}
              </td>
              <td>
                <StatusBadge status={e.integrity} /> {e.continuity}
              </td>
              <td>
                seq {e.range.first_seq}–{e.range.last_seq}
              </td>
              <td className="num">{formatCount(e.tree.size)}</td>
              <td className="mono" title={e.tree.root}>
                {shortId(e.tree.root, 16)}
              </td>
              <td className="small">
                {e.envelope_key ?? '—'} / {e.checkpoint_key ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
