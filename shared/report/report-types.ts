/** The verification report, `crosscheck-report/1` (spec §9). */
import type { FindingKind, Severity } from './finding-kinds.js';
import type { Manifest } from '../format/export-types.js';

export type IntegrityStatus = 'VALID' | 'INVALID' | 'UNVERIFIABLE';
export type Continuity = 'first' | 'consistent' | 'covered' | 'gap' | 'conflict';
export type CheckStatus = 'pass' | 'fail' | 'unverifiable' | 'skip';

export type CheckId =
  | 'bundle_shape'
  | 'envelope_signature'
  | 'file_digests'
  | 'checkpoint_signature'
  | 'origin'
  | 'counts'
  | 'canonical_entries'
  | 'seq_contiguous'
  | 'prev_chain'
  | 'timestamps'
  | 'root'
  | 'continuity'
  | 'time_coverage'
  | 'state';

/** The checks in the order spec §6 reports them. */
export const CHECK_ORDER: readonly CheckId[] = [
  'bundle_shape',
  'envelope_signature',
  'file_digests',
  'checkpoint_signature',
  'origin',
  'counts',
  'canonical_entries',
  'seq_contiguous',
  'prev_chain',
  'timestamps',
  'root',
  'continuity',
  'time_coverage',
  'state',
];

export interface Check {
  id: CheckId;
  status: CheckStatus;
  detail: string;
}

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  seq: number | null;
  entry_id: string | null;
  agent_id: string | null;
  recorded: unknown;
  expected: unknown;
  controls: string[];
  message: string;
}

export interface ReportExport {
  export_id: string | null;
  origin: string | null;
  org: Manifest['org'] | null;
  period: Manifest['period'] | null;
  range: Manifest['range'] | null;
  tree: Manifest['tree'] | null;
}

export interface Report {
  format: 'crosscheck-report/1';
  export: ReportExport;
  integrity: {
    status: IntegrityStatus;
    tail_pinned: boolean;
    continuity: Continuity;
    checks: Check[];
  };
  evaluation: {
    calls: number;
    agreed: number;
    disagreed: number;
    /** Why the re-evaluation did not run (state.json missing or unreadable, or switched off). */
    skipped?: string;
    /** connector.called entries whose data does not fit spec §3.2: shown, never silently agreed. */
    unevaluable?: number;
  };
  findings: Finding[];
}
