/** One sampled item with the evidence a tester reads on one screen (the Testing screen). */
import type { EntryDetail } from '../api/view-types.js';
import type { CallTrace } from '../evaluate/trace-types.js';

/** One entry of an approval's chain: the request, the review, the call(s) run under it. */
export interface ApprovalLink {
  ref: string;
  seq: number;
  ts: string | null;
  action_type: string;
  actor: string;
  detail: string;
}

/** The approval an item rests on, from the trail: who requested (the agent), who reviewed, with what role, until when. */
export interface ApprovalChain {
  approvalId: string;
  requester: string | null;
  reviewer: string | null;
  reviewerRole: string | null;
  decision: string | null;
  expiresAt: string | null;
  links: ApprovalLink[];
}

export interface SampledItemEvidence {
  item: number;
  /** The store's key of the line (`<log>:<pos>`). */
  ref: string;
  /** The entry, its exact line, its inclusion proof and its findings (as `entries.get`). */
  entry: EntryDetail;
  /** The re-evaluation trace of a connector call; null for other entries. */
  trace: CallTrace | null;
  /** The trace as the CLI's `explain` prints it. */
  traceText: string | null;
  approval: ApprovalChain | null;
}
