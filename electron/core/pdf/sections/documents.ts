/**
 * Documents on file: what the client provided for the controls an audit trail cannot evidence,
 * each fixed by its SHA-256 (the bytes stay in the auditor's store, the hash is in the custody log).
 */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, heading, n, s, table, ts, type PdfSection } from '../kit/primitives.js';

const FRAMEWORK_WORDS: Record<string, string> = { soc2: 'SOC 2', iso27001: 'ISO 27001' };

export function documentsSection(doc: PackageDoc): ReactElement[] {
  const docs = doc.documents ?? [];
  return [
    heading(DOCUMENTS_SECTION),
    h(
      Text,
      { style: s.p },
      docs.length === 0
        ? 'No documents were attached in this engagement: every control marked "needs a document" is still open.'
        : `${n(docs.length)} documents attached in this engagement. A document on file makes a control "documented", never "tested": the audit trail does not show it operating.`,
    ),
    table(
      [
        { title: 'Control', flex: 1.3 },
        { title: 'Document', flex: 2.6 },
        { title: 'SHA-256', flex: 2.2, mono: true },
        { title: 'Attached', flex: 2.4 },
        { title: 'Note', flex: 2.5 },
      ],
      docs.map((d) => [
        `${FRAMEWORK_WORDS[d.framework] ?? d.framework} ${d.control_id}`,
        `${d.file_name} (${n(d.size)} B)`,
        d.sha256.slice(0, 16),
        `${ts(d.attached_at).slice(0, 16)} by ${d.attached_by}`,
        d.note,
      ]),
      { what: 'documents' },
    ),
  ];
}

/** Section documents: its anchor, title and body. */
export const DOCUMENTS_SECTION: PdfSection = { id: 'documents', title: 'Documents on file', render: (ctx) => documentsSection(ctx.doc) };
