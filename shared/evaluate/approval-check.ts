/** Validity of an approval for a call (spec §8.4) and the finding kind of its first failure (§9.1). */
import type { WorkingApproval } from './state-replay.js';
import { parseTs } from './time.js';

/** The §9.1 approval kinds, in the order they are checked. */
export type ApprovalProblem =
  | 'executed_without_approval'
  | 'approval_target_mismatch'
  | 'approval_by_unauthorized_role'
  | 'approval_after_expiry'
  | 'approval_reused';

/** What a call offers an approval to match. */
export interface ApprovalTarget {
  agent_id: string;
  connector: string;
  operation: string;
  inputs_hash: string;
}

/** The first failure of an approval and why, in words. */
export interface ApprovalVerdict {
  problem: ApprovalProblem;
  why: string;
}

// Shared, since most calls carry no approval and this runs for every call.
const NO_APPROVAL: ApprovalVerdict = Object.freeze({ problem: 'executed_without_approval', why: 'no such approval was requested' });

/** The first §9.1 failure of an approval for a call at `callTsMs`, or null when it is valid. */
export function approvalProblem(
  approval: WorkingApproval | undefined,
  call: ApprovalTarget,
  callTsMs: number,
  approverRoles: ReadonlySet<string>,
): ApprovalVerdict | null {
  if (approval === undefined) return NO_APPROVAL;
  if (approval.reviewDecision !== 'approved') {
    return {
      problem: 'executed_without_approval',
      why: approval.reviewDecision === 'denied' ? 'the approval was denied' : `the approval was never approved (status ${approval.status})`,
    };
  }
  const diffs: string[] = [];
  if (approval.agent_id !== call.agent_id) diffs.push('agent');
  if (approval.connector !== call.connector) diffs.push('connector');
  if (approval.operation !== call.operation) diffs.push('operation');
  if (approval.inputs_hash !== call.inputs_hash) diffs.push('inputs_hash');
  if (diffs.length > 0) {
    return { problem: 'approval_target_mismatch', why: `the approval was requested for another ${diffs.join(', ')}` };
  }
  if (approval.reviewer_role === null || !approverRoles.has(approval.reviewer_role)) {
    return { problem: 'approval_by_unauthorized_role', why: `the reviewer's role (${approval.reviewer_role ?? 'none'}) may not approve` };
  }
  if (approval.reviewerActive === false) {
    return { problem: 'approval_by_unauthorized_role', why: 'the reviewer was not an active user' };
  }
  const expires = parseTs(approval.expires_at);
  const reviewed = parseTs(approval.reviewed_at);
  // An unreadable timestamp cannot prove "before expires_at", so it counts as after.
  if (!(reviewed < expires)) {
    return { problem: 'approval_after_expiry', why: `the review (${approval.reviewed_at ?? 'none'}) came at or after expires_at ${approval.expires_at}` };
  }
  if (!(callTsMs < expires)) {
    return { problem: 'approval_after_expiry', why: `the call came at or after expires_at ${approval.expires_at}` };
  }
  if (approval.used) return { problem: 'approval_reused', why: 'an earlier call already used the approval' };
  return null;
}
