/**
 * The audit-prep checklist as data (docs/checklist.md): the list governance platforms hand their
 * customers, plus the items usually provided by the client. `trail` items are evaluated from the
 * verified entries of the engagement; `document` items the trail cannot answer, and a document
 * with a note evidences them. A `trail` item the trail cannot settle (not evidenced) can be
 * evidenced by a document too; a failed one cannot.
 */
export interface ChecklistItemDef {
  id: string;
  title: string;
  source: 'trail' | 'document';
  /** What evidences the item, as the screen and the PDF explain it. */
  how: string;
}

export const CHECKLIST_ITEMS: readonly ChecklistItemDef[] = [
  {
    id: 'period-coverage',
    title: 'Export audit logs for the review period and verify completeness',
    source: 'trail',
    how: 'Every export of the engagement verified; per log, the accepted exports run without a gap in positions; no seq, time or export gap; the exports cover the engagement period.',
  },
  {
    id: 'continuity',
    title: 'Exports chain to one another (continuity)',
    source: 'trail',
    how: 'No export whose continuity is a gap or a conflict, and no frontier, overlap, rollback or state finding.',
  },
  {
    id: 'retention',
    title: 'Verify audit trail retention is set to 365+ days',
    source: 'trail',
    how: 'Passes when the verified trail itself spans 365 days or more; a shorter trail cannot show the setting, so a document (the platform setting) evidences it.',
  },
  {
    id: 'admin-authenticated',
    title: 'Confirm all admin actions require authenticated sessions',
    source: 'trail',
    how: 'Every administrative action (agents, intents, connectors, policies, users, API keys) was taken by an authenticated user actor, never by an agent, the system or an unnamed actor.',
  },
  {
    id: 'rbac-roles',
    title: 'Review RBAC roles — no over-privileged accounts',
    source: 'trail',
    how: 'Roles granted and changed in the period are listed; fails on any action or approval by a role that lacks the right, or a self-approval. Whether a role is more than a duty needs is the auditor’s judgement on the listed roles.',
  },
  {
    id: 'kill-switch',
    title: 'Test kill-switch activation and recovery',
    source: 'trail',
    how: 'At least one agent suspension followed by its resumption; fails when a suspended agent was permitted to act or a required suspension is missing.',
  },
  {
    id: 'credentials-encrypted',
    title: 'Credentials encrypted at rest and in transit',
    source: 'document',
    how: 'The platform’s encryption configuration or its SOC 2 report section.',
  },
  {
    id: 'data-residency',
    title: 'Data residency matches the contract',
    source: 'document',
    how: 'The hosting region configuration and the data processing agreement.',
  },
  {
    id: 'access-reviews',
    title: 'Periodic user access reviews performed (provided by client)',
    source: 'document',
    how: 'The signed access review records of the period.',
  },
  {
    id: 'incident-response',
    title: 'Incident response plan in place and tested (provided by client)',
    source: 'document',
    how: 'The plan and the record of its last test.',
  },
  {
    id: 'backup-restore',
    title: 'Backups taken and a restore tested (provided by client)',
    source: 'document',
    how: 'The backup schedule and the last restore test.',
  },
  {
    id: 'policies-approved',
    title: 'Security policies approved and communicated (provided by client)',
    source: 'document',
    how: 'The approved policies and the acknowledgement records.',
  },
];

/** The item with `id`, if any. */
export function checklistItemDef(id: string): ChecklistItemDef | undefined {
  return CHECKLIST_ITEMS.find((i) => i.id === id);
}
