/** Section 9: the audit-prep checklist of the package's engagement, each item with its status and evidence. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import type { ChecklistItem } from '../../../../shared/checklist/checklist-types.js';
import { h, heading, s, table, type PdfSection } from '../kit/primitives.js';

const STATUS = { pass: 'PASS', fail: 'FAIL', not_evidenced: 'NOT EVIDENCED' } as const;

export function checklistSection(items: readonly ChecklistItem[] | undefined): ReactElement[] {
  const out: ReactElement[] = [heading(CHECKLIST_SECTION)];
  if (items === undefined) {
    out.push(
      h(
        Text,
        { style: [s.p, s.muted] },
        'This package was made outside an engagement: no checklist was evaluated.',
      ),
    );
    return out;
  }
  out.push(
    h(
      Text,
      { style: s.p },
      'Trail items are evaluated from the engagement’s verified exports and entries when the package was built (docs/checklist.md). Items the trail cannot answer are evidenced by an attached document with a note; a document never turns a failed trail item into a pass.',
    ),
    table(
      [
        { title: 'Item', flex: 3 },
        { title: 'From', flex: 0.9 },
        { title: 'Status', flex: 1.3 },
        { title: 'Evidence', flex: 6 },
      ],
      items.map((i) => [i.title, i.source, STATUS[i.status], i.evidence.join('; ')]),
      { what: 'checklist items' },
    ),
  );
  return out;
}

/** Section checklist: its anchor, title and body. */
export const CHECKLIST_SECTION: PdfSection = {
  id: 'checklist',
  title: '9. Audit-prep checklist',
  render: (ctx) => checklistSection(ctx.doc.checklist),
};
