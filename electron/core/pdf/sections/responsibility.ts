/** Section 7: the responsibility matrix. */
import type { ReactElement } from 'react';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { heading, table, type PdfSection } from '../kit/primitives.js';

export function responsibilitySection(doc: PackageDoc): ReactElement[] {
  const cols = doc.responsibility.columns.map((t, i): { title: string; flex: number } => ({ title: t, flex: i === 0 ? 0.9 : 3 }));
  return [heading(RESPONSIBILITY_SECTION), table(cols, doc.responsibility.rows)];
}

/** Section responsibility: its anchor, title and body. */
export const RESPONSIBILITY_SECTION: PdfSection = { id: 'responsibility', title: '7. Responsibility matrix', render: (ctx) => responsibilitySection(ctx.doc) };
