/** The audit-prep checklist (docs/checklist.md): each item evaluated from the store where the trail can say, else evidenced by a document. */

export type ChecklistStatus = 'pass' | 'fail' | 'not_evidenced';

export interface ChecklistDocument {
  fileName: string;
  sha256: string;
  note: string;
  attachedAt: string;
  attachedBy: string;
}

export interface ChecklistItem {
  id: string;
  title: string;
  /** `trail`: evaluated from the verified entries; `document`: the trail cannot say, a document evidences it. */
  source: 'trail' | 'document';
  status: ChecklistStatus;
  /** What the status rests on, one line each (counts, first offending entry, document names). */
  evidence: string[];
  /** For document items: the documents attached to the item in this engagement. */
  documents: ChecklistDocument[];
}

export interface Checklist {
  engagement: { id: number; name: string };
  period: { from: string; to: string } | null;
  items: ChecklistItem[];
}
