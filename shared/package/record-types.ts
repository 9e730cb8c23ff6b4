/** Types of stored packages, custody records and binder checks, shared with the app's contract. */
import type { DiffChange } from './package-diff.js';

/** One immutable package record (the body is the canonical package JSON). */
export interface PackageRecord {
  id: string;
  scope: 'agent' | 'org';
  agent_id: string | null;
  version: number;
  period_from: string;
  period_to: string;
  generated_at: string;
  generated_by: string;
  entries: number;
}

export interface CustodyEvent {
  ts: string;
  actor: string;
  action: string;
  subject: string;
  exports: string[];
  detail: Record<string, unknown>;
}

/** One link of the custody chain. */
export interface CustodyRecord extends CustodyEvent {
  seq: number;
  prev_hash: string;
  hash: string;
}

export interface CustodyVerification {
  ok: boolean;
  entries: number;
  head: string;
  problems: Array<{ seq: number; problem: string }>;
}

export interface PackageDiff {
  from: PackageRecord;
  to: PackageRecord;
  changes: DiffChange[];
  text: string;
}

export type BinderProblemKind =
  | 'signature_missing'
  | 'signature_invalid'
  | 'sums_malformed'
  | 'file_changed'
  | 'file_added'
  | 'file_removed'
  | 'unsafe_name'
  | 'duplicate_name'
  | 'population_mismatch'
  | 'unreadable';

export interface BinderProblem {
  file: string | null;
  problem: BinderProblemKind;
  detail: string;
}

export interface BinderVerification {
  ok: boolean;
  keyId: string;
  signedBy: string | null;
  files: Array<{ name: string; sha256: string; bytes: number }>;
  problems: BinderProblem[];
}
