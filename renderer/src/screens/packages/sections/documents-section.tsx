/** Documents on file in the package: the client's documents by control, fixed by their SHA-256. */
import type { PackageDoc } from '../../../../../shared/package/package-types.js';
import { Head } from '../../../components/table-head.js';
import { formatCount, formatTs, shortId } from '../../../logic/format.js';
import { Section } from './section.js';

export function DocumentsSection({ doc }: { doc: PackageDoc }) {
  const docs = doc.documents;
  if (!docs) return null;
  return (
    <Section title="Documents on file" testId="pkg-documents">
      {docs.length === 0 ? (
        <p className="muted">No documents were attached in this engagement.</p>
      ) : (
        <table className="grid">
          <Head cols={['Control', 'Document', 'SHA-256', 'Attached', 'Note']} />
          <tbody>
            {docs.map((d) => (
              <tr key={`${d.framework} ${d.control_id} ${d.sha256} ${d.attached_at}`} data-testid="pkg-document">
                <td>
                  {d.framework === 'iso27001' ? 'ISO 27001' : 'SOC 2'} <strong>{d.control_id}</strong>
                </td>
                <td>
                  {d.file_name} <span className="muted small">{formatCount(d.size)} B</span>
                </td>
                <td className="mono small" title={d.sha256}>
                  {shortId(d.sha256, 16)}
                </td>
                <td className="small">
                  {formatTs(d.attached_at)} by {d.attached_by}
                </td>
                <td className="small">{d.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
