/** The engagement: one client, one period, the frameworks in scope — the unit every view hangs on. */

/** Framework ids an engagement can have in scope; the catalogs live in shared/frameworks. */
export const FRAMEWORK_IDS = ['soc2', 'iso27001'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export interface EngagementOrg {
  orgId: string;
  orgName: string | null;
}

export interface EngagementView {
  /** The store's id, as a string on every transport (the CLI takes the same digits). */
  id: string;
  name: string;
  orgs: EngagementOrg[];
  /** The audit period as set; null bounds fall back to the span of the exports (`span`). */
  periodFrom: string | null;
  periodTo: string | null;
  /** The union of the engagement's (non-voided) exports' periods. */
  span: { from: string; to: string } | null;
  frameworks: FrameworkId[];
  exports: number;
  voided: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface EngagementHistoryRow {
  at: string;
  by: string;
  action: string;
  detail: Record<string, unknown>;
}

/** One engagement with its change history (newest last). */
export interface EngagementDetail {
  engagement: EngagementView;
  history: EngagementHistoryRow[];
}

/** A document the auditor attached to a control of an engagement (bytes kept content-addressed). */
export interface AttachedDocumentView {
  id: number;
  framework: FrameworkId;
  controlId: string;
  sha256: string;
  size: number;
  fileName: string;
  note: string;
  attachedAt: string;
  attachedBy: string;
}

/** True for a framework id this version knows. */
export function isFrameworkId(s: string): s is FrameworkId {
  return (FRAMEWORK_IDS as readonly string[]).includes(s);
}
