/** The compliance package, `crosscheck-package/1`: what an auditor hands over (issue 5). */
import type { CallStatus, Verdict } from '../format/export-types.js';
import type { Continuity, Finding, IntegrityStatus } from '../report/report-types.js';
import type { ComplementaryControls } from './complementary-controls.js';
import type { PackageFrameworks } from '../frameworks/package-frameworks.js';
import type { TestedWorkpaper } from '../sampling/workpaper-types.js';
import type { ChecklistItem } from '../checklist/checklist-types.js';

export const PACKAGE_FORMAT = 'crosscheck-package/1';

export type PackageScope = { kind: 'agent'; agent_id: string; agent_name: string | null } | { kind: 'org' };

/** One stored entry as the package builder sees it (parsed columns + the parsed `data`). */
export interface PopulationEntry {
  origin: string;
  seq: number;
  id: string;
  ts: string;
  agent_id: string | null;
  actor_type: string;
  actor_id: string;
  action_type: string;
  /** RFC 6962 leaf hash of the exact line bytes, hex. */
  leaf_hash: string;
  /** The same 32 bytes, when the source has them raw (saves a hex round trip per entry). */
  leaf_raw?: Uint8Array;
  data: Record<string, unknown>;
}

/** The verification result of one export the package rests on. */
export interface ExportEvidence {
  export_id: string;
  origin: string;
  period: { from: string; to: string };
  range: { first_seq: number; last_seq: number; count: number };
  tree: { size: number; root: string };
  integrity: IntegrityStatus;
  continuity: Continuity;
  envelope_key: string | null;
  checkpoint_key: string | null;
  platform: { name: string; version: string } | null;
  /** The verification's checks (spec §6) as recorded at import, in report order; absent in packages made before. */
  checks?: { id: string; status: string; detail: string }[];
  /** The checkpoint the tree root was verified against (its signed note's text). */
  checkpoint?: string | null;
}

/** The responsibility matrix as the app stores it: a header and rows of cells. */
export interface ResponsibilityMatrix {
  columns: string[];
  rows: string[][];
}

export type FlowOutcome = 'permitted' | 'escalated' | 'denied';
export type AccessKind = 'read' | 'write';

export interface OperationRow {
  connector: string;
  operation: string;
  access: AccessKind;
  calls: number;
  permit: number;
  escalate: number;
  deny: number;
  success: number;
  error: number;
}

export interface ConnectorRow {
  connector: string;
  calls: number;
  reads: number;
  writes: number;
  permit: number;
  escalate: number;
  deny: number;
  first_ts: string;
  last_ts: string;
}

export interface EscalationRow {
  approval_id: string;
  call_id: string;
  agent_id: string | null;
  /** The escalated call's connector and operation (absent in packages recorded before they were listed). */
  connector?: string | null;
  operation?: string | null;
  requested_seq: number;
  requested_ts: string;
  rule_id: string | null;
  risk_score: number | null;
  outcome: 'approved' | 'denied' | 'expired' | 'pending';
  decided_ts: string | null;
  reviewer_id: string | null;
  /** seq of the call that ran under this approval, if any. */
  executed_seq: number | null;
}

export interface DriftRow {
  seq: number;
  ts: string;
  agent_id: string | null;
  call_id: string | null;
  drift_types: string[];
  severity: string;
  response: string;
}

export interface SuspensionRow {
  seq: number;
  ts: string;
  agent_id: string | null;
  action: 'suspended' | 'resumed';
  reason: string | null;
  call_id: string | null;
}

export interface ActionRef {
  origin: string;
  seq: number;
  id: string;
  ts: string;
  action_type: string;
}

/** Connector calls in one UTC clock hour (`2026-03-18T08`), by recorded verdict. */
export interface TimelineBucket {
  hour: string;
  permit: number;
  escalate: number;
  deny: number;
}

export interface ExecutionGraph {
  totals: { entries: number; calls: number; agents: number; connectors: number; operations: number };
  first_action: ActionRef | null;
  last_action: ActionRef | null;
  connectors_used: string[];
  by_action_type: Record<string, number>;
  verdicts: Record<Verdict, number>;
  statuses: Record<CallStatus, number>;
  connectors: ConnectorRow[];
  operations: OperationRow[];
  escalations: {
    requested: number;
    approved: number;
    denied: number;
    expired: number;
    pending: number;
    rows: EscalationRow[];
  };
  drift: { events: number; by_type: Record<string, number>; by_severity: Record<string, number>; rows: DriftRow[] };
  suspensions: { suspended: number; resumed: number; rows: SuspensionRow[] };
  /** Hours with calls only, ascending. */
  timeline: TimelineBucket[];
}

export type FlowNodeKind = 'agent' | 'policy_engine' | 'connector' | 'external_system' | 'audit_trail';

export interface FlowNode {
  id: string;
  kind: FlowNodeKind;
  label: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** reads/writes carry data; `audit` is the record of every decision. */
  access: AccessKind | 'audit';
  outcome: FlowOutcome | null;
  count: number;
}

export interface DataFlow {
  nodes: FlowNode[];
  edges: FlowEdge[];
  mermaid: string;
}

export type QuestionCategory = 'data_access' | 'data_storage' | 'access_control' | 'monitoring' | 'incident_response';

export interface EvidenceRef {
  /** What the answer rests on, e.g. `execution.verdicts` or `export:<id>`. */
  source: string;
  detail: string;
}

export interface QuestionnaireAnswer {
  id: string;
  category: QuestionCategory;
  caiq: string[];
  question: string;
  answer: 'yes' | 'no' | 'partial' | 'not_observed';
  response: string;
  evidence: EvidenceRef[];
}

export type Soc2Status = 'type_ii' | 'type_i' | 'none' | 'unknown';

/** One registry row of resources/subprocessors.json. */
export interface SubprocessorMapping {
  connector: string;
  legal_entity: string;
  service: string;
  category: string;
  data_types: string[];
  soc2: Soc2Status;
}

export interface SubprocessorRegistry {
  as_of: string;
  note: string;
  platforms: Array<{ platform: string; legal_entity: string; service: string; hosting: SubprocessorMapping }>;
  default_platform: { legal_entity: string; service: string; hosting: SubprocessorMapping };
  connectors: SubprocessorMapping[];
}

export interface SubprocessorRow {
  role: 'governance_platform' | 'hosting_provider' | 'connector';
  connector: string | null;
  mapped: boolean;
  legal_entity: string | null;
  service: string | null;
  category: string | null;
  data_types: string[];
  /** Data types the agent actually sent through this connector. */
  observed_data_types: string[];
  soc2: Soc2Status;
  calls: number;
}

export interface Soc2Criterion {
  criterion: string;
  evidence_count: number;
  action_types: Array<{ action_type: string; count: number }>;
  findings: number;
  finding_kinds: string[];
}

export interface Soc2Mapping {
  criteria: Soc2Criterion[];
  /** Observed action types §10 does not map (kept, never dropped). */
  unmapped_action_types: Array<{ action_type: string; count: number }>;
  findings: Array<{ kind: string; count: number; criteria: string[] }>;
}

export interface PopulationSummary {
  entries: number;
  origins: string[];
  first_seq: number | null;
  last_seq: number | null;
  /** SHA-256 over the leaf hashes (raw, in population order): binds the CSV to the package. */
  leaf_digest: string;
}

export interface PackageDoc {
  format: typeof PACKAGE_FORMAT;
  scope: PackageScope;
  org: { id: string; name: string };
  period: { from: string; to: string };
  generated_at: string;
  generated_by: string;
  /** Names of the agents in the population (id → name), where the log names them. */
  agent_names: Record<string, string>;
  population: PopulationSummary;
  execution: ExecutionGraph;
  data_flow: DataFlow;
  questionnaire: QuestionnaireAnswer[];
  subprocessors: SubprocessorRow[];
  soc2: Soc2Mapping;
  exports: ExportEvidence[];
  findings: Finding[];
  responsibility: ResponsibilityMatrix;
  /** The client's documents attached in the engagement, by hash (absent in packages recorded before). */
  documents?: PackageDocument[];
  /** The tenant's cells as CUECs and the infrastructure cells as CSOCs of the named host (absent in packages recorded before). */
  complementary?: ComplementaryControls;
  /** Made with `--framework`: readiness, and for Annex A the SoA and gaps (absent in packages made without). */
  frameworks?: PackageFrameworks;
  /** Concluded tests of controls in the package's engagement (latest version of each); absent when none. */
  workpapers?: TestedWorkpaper[];
  /** The engagement's audit-prep checklist as evaluated when the package was built; absent outside an engagement. */
  checklist?: ChecklistItem[];
  /** The customer questionnaires answered in the engagement (absent when it holds none). */
  questionnaires?: PackageQuestionnaire[];
}

/** A customer questionnaire as it stood when the package was built. */
export interface PackageQuestionnaire {
  /** The questionnaire's id in the engagement (the binder writes its filled workbook from it). */
  ref: number;
  engagement_id: number;
  file_name: string;
  /** SHA-256 of the customer's workbook as received. */
  sha256: string;
  layout: string;
  questions: number;
  reviewed: number;
  /** How many questions got each answer. */
  answers: Record<string, number>;
  /** The customer's workbook filled with these answers: what the binder carries, by hash. */
  filled: { file_name: string; sha256: string; evidence_csv_sha256: string | null };
  items: Array<{ id: string | null; answer: string; narrative: string; overridden: boolean; contradicted: boolean; reviewed: boolean }>;
}

/** A document the auditor attached to a control in the engagement: named and fixed by its SHA-256. */
export interface PackageDocument {
  framework: string;
  control_id: string;
  file_name: string;
  sha256: string;
  size: number;
  note: string;
  attached_at: string;
  attached_by: string;
}
