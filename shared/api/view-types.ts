/** The shapes the services hand to the renderer: derived views, never raw store rows. */
import type { KeyRole } from '../format/export-types.js';
import type { FindingKind, FindingGroup, Severity } from '../report/finding-kinds.js';
import type { Check, Continuity, IntegrityStatus, Report } from '../report/report-types.js';
import type { PackageDoc } from '../package/package-types.js';
import type { CustodyRecord, PackageRecord } from '../package/record-types.js';

export type Transport = 'ipc' | 'http';

export interface AppInfo {
  name: string;
  version: string;
  transport: Transport;
  storeDir: string;
  versions: Record<string, string>;
}

export type SeverityCounts = Record<Severity, number>;

export interface ExportSummary {
  /** The store's own id of this import of an export (stable; the UUID may repeat across copies). */
  exportRef: string;
  exportId: string | null;
  /** Null when the manifest could not be read (the screen says so in words). */
  origin: string | null;
  orgName: string | null;
  createdAt: string | null;
  status: IntegrityStatus;
  continuity: Continuity;
  tailPinned: boolean;
  firstSeq: number | null;
  lastSeq: number | null;
  periodFrom: string | null;
  periodTo: string | null;
  importedAt: string;
  entries: number;
  /** Lines this import added to the origin's accepted log (0 when quarantined or all seen before). */
  newEntries: number;
  /** Its leaves joined the origin's accepted log (VALID); otherwise kept in quarantine. */
  trusted: boolean;
  calls: number;
  agreed: number;
  disagreed: number;
  findings: SeverityCounts;
  findingTotal: number;
  /** The file name the auditor chose (not an upload's temporary name); null for older imports. */
  sourceName: string | null;
  /** The auditor's file name where recorded, else the stored source's name. */
  fileName: string;
  engagementId: string | null;
  /** Set when the auditor voided this export (kept for the record, left out of every count). */
  voided: { reason: string; at: string; by: string } | null;
  /** A newer verification of the same archive (another keyring) replaced this one. */
  superseded: boolean;
}

/** One export with what verification recorded about it and where its bytes came from. */
export interface ExportDetail extends ExportSummary {
  manifestSha256: string | null;
  treeSize: number | null;
  treeRoot: string | null;
  computedRoot: string | null;
  previousExportId: string | null;
  platform: { name: string | null; version: string | null };
  envelopeKey: string | null;
  checkpointKey: string | null;
  evaluationSkipped: string | null;
  checks: Check[];
  provenance: {
    filePath: string;
    container: 'zip' | 'directory';
    archiveSha256: string;
    archiveBytes: number;
    osUser: string;
    durationMs: number;
    keyringName: string | null;
    keyringSha256: string;
  };
  /** Where its entries are in the store. */
  log: { logId: number; posFirst: number | null; posLast: number | null };
}

/** An origin's accepted log as the store vouches for it. */
export interface OriginSummary {
  origin: string;
  /** The high-water mark N: leaves 0..N−1 are vouched for (a gap may lack some of them). */
  trustedSize: number;
  trustedRoot: string | null;
  updatedAt: string;
}

/** The auditor's note on one cell of a view. */
export interface Note {
  scope: string;
  key: string;
  note: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ExportReport {
  summary: ExportSummary;
  checks: Check[];
  report: Report;
}

/** One bar of the continuity timeline: an export's seq and time range, or a hole between two. */
export interface ContinuitySegment {
  kind: 'export' | 'gap';
  exportRef: string | null;
  exportId: string | null;
  status: IntegrityStatus | null;
  firstSeq: number;
  lastSeq: number;
  from: string | null;
  to: string | null;
}

export interface ContinuityTimeline {
  origin: string;
  storedSize: number;
  segments: ContinuitySegment[];
}

export interface TrustedKey {
  name: string;
  publicKey: string;
  keyId: string;
  roles: KeyRole[];
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
}

/** Where a file to import comes from: a path (desktop dialogs, drag and drop) or an HTTP upload. */
export type FileRef = { kind: 'path'; path: string } | { kind: 'upload'; id: string };

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export type { JobPhase, JobProgress } from './job-progress.js';
import type { JobProgress } from './job-progress.js';

export interface ImportOutcome {
  exportRef: string;
  exportId: string | null;
  status: IntegrityStatus;
  findingTotal: number;
  /** The same export under the same keyring was already in the store: nothing was written. */
  alreadyImported: boolean;
  /** The engagement the export was placed in (or, for a duplicate, the one its stored copy is in). */
  engagementId: string | null;
}

/** A file the services wrote for the user: at a chosen path (desktop) or waiting for one download (serve). */
export interface ExportedFile {
  name: string;
  bytes: number;
  sha256: string;
  /** The desktop app's chosen path. */
  path: string | null;
  /** Under serve: `GET /download/<id>` delivers it once. */
  downloadId: string | null;
}

/** What a package job produced: the stored record and, for an export, the file. */
export interface PackageJobResult {
  packageId: string;
  version: number;
  /** False when identical content was already recorded (same id; custody still logged). */
  created: boolean;
  file: ExportedFile | null;
}

export type JobKind = 'import' | 'index' | 'package' | 'package-export';

interface JobBase<K extends JobKind> {
  id: string;
  kind: K;
  state: JobState;
  progress: JobProgress;
  error: string | null;
  startedAt: string;
}

/** An import: once done, what landed in the store (null until then, and when it failed). */
export interface ImportJobStatus extends JobBase<'import'> {
  outcome: ImportOutcome | null;
}

/** A search-index catch-up: it produces the index and nothing a screen reads. */
export type IndexJobStatus = JobBase<'index'>;

/** A package generation or export: the record (and file) it produced. */
export interface PackageJobStatus<K extends 'package' | 'package-export' = 'package' | 'package-export'> extends JobBase<K> {
  result: PackageJobResult | null;
}

/** One job, its payload by kind: an import's outcome is never read off a package job, nor the reverse. */
export type JobStatus = ImportJobStatus | IndexJobStatus | PackageJobStatus<'package'> | PackageJobStatus<'package-export'>;

/** The status of a job of kind `K`. */
export type JobOf<K extends JobKind> = Extract<JobStatus, { kind: K }>;

/** A stored package in the list, with the agent's name where the log names it. */
export interface PackageSummary extends PackageRecord {
  agentName: string | null;
}

export interface PackageView {
  record: PackageRecord;
  doc: PackageDoc;
  /** Custody records naming this package, newest first. */
  custody: CustodyRecord[];
  /** Earlier versions for the same scope, newest first (for a diff). */
  versions: PackageRecord[];
}

export interface AuditorKeyView {
  name: string;
  keyId: string;
  /** The exportable public key, as `verify-binder --key` reads it. */
  publicKeyText: string;
  /** False until the first binder (or an explicit export) creates the key. */
  exists: boolean;
}

export interface EntryRow {
  /** `<log>:<pos>`: the store's key of this line (accepted log by seq, or a quarantine log by line). */
  ref: string;
  /** True when the line belongs to an export that was not accepted (INVALID / UNVERIFIABLE). */
  quarantined: boolean;
  origin: string;
  seq: number;
  id: string;
  ts: string;
  exportRef: string | null;
  agentId: string | null;
  agentName: string | null;
  actorType: string;
  actorId: string;
  actionType: string;
  connector: string | null;
  operation: string | null;
  resource: string | null;
  verdict: string | null;
  status: string | null;
  findingCount: number;
}

export interface EntryPage {
  total: number;
  offset: number;
  rows: EntryRow[];
  /** Time the query took in the service, for the benchmark and the status bar. */
  elapsedMs: number;
  /** How a text search ran: through the trigram index, or a scan while the index is being built. */
  textSearch: 'index' | 'scan' | null;
}

export interface InclusionProof {
  /** The tree size and root of the export's signed checkpoint the proof leads to. */
  treeSize: number;
  root: string;
  leafIndex: number;
  leafHash: string;
  /** Audit path, leaf upwards, lower-case hex (RFC 6962 §2.1.1). */
  path: string[];
  checkpoint: string | null;
  /** Whether the service re-checked the proof against the root (RFC 9162 §2.1.3.2). */
  verified: boolean;
}

export interface EntryDetail {
  row: EntryRow;
  line: string;
  leafHash: string;
  prev: string;
  parsed: unknown;
  proof: InclusionProof | null;
  proofError: string | null;
  findings: FindingRow[];
}

export interface FindingRow {
  id: string;
  exportRef: string;
  exportId: string | null;
  kind: FindingKind;
  group: FindingGroup;
  severity: Severity;
  origin: string | null;
  seq: number | null;
  /** The entry the finding sits on, when there is one in the store. */
  entryRef: string | null;
  entryId: string | null;
  agentId: string | null;
  agentName: string | null;
  controls: string[];
  message: string;
}

/** A finding with the values it compared (what the log recorded, what re-evaluation expected). */
export interface FindingRecord extends FindingRow {
  recorded: unknown;
  expected: unknown;
}

export interface TraceStep {
  step: string;
  outcome: string;
  decided: boolean;
}

export interface FindingDetail {
  finding: FindingRow;
  recorded: unknown;
  expected: unknown;
  /** The ladder of spec §8.3 as the evaluator walked it, when the finding is a re-evaluation one. */
  trace: TraceStep[];
  decidedBy: string | null;
  entries: EntryRow[];
}

export type FindingGrouping = 'kind' | 'severity' | 'agent' | 'control';

export interface FindingGroupView {
  key: string;
  label: string;
  count: number;
  worst: Severity;
  findings: FindingRow[];
}

export interface AgentSummary {
  agentId: string;
  name: string;
  status: string;
  version: number | null;
  calls: number;
  driftEvents: number;
  findings: number;
}

export interface IntentComparison {
  dimension: 'systems' | 'actions' | 'data_types';
  declared: string[] | null;
  observed: { value: string; count: number; outside: boolean }[];
}

export interface AgentEvent {
  ref: string;
  seq: number;
  ts: string;
  kind: 'created' | 'deployed' | 'updated' | 'intent' | 'drift' | 'suspended' | 'resumed' | 'rolled_back' | 'approval';
  label: string;
}

export interface AgentDetail {
  summary: AgentSummary;
  intentDeclared: boolean;
  comparisons: IntentComparison[];
  /** Mermaid source (flowchart) of agent → connector → operation with verdict counts. */
  executionGraph: string;
  /** Mermaid source of which data types flowed to which systems. */
  dataFlow: string;
  /** The first TIMELINE_LIMIT lifecycle events in log order; timelineTotal says how many there are. */
  timeline: AgentEvent[];
  timelineTotal: number;
}

/** A criterion's conclusion, by the rule in shared/frameworks/soc2-coverage.ts (docs/coverage.md). */
export type CoverageStatus = 'exceptions' | 'tested' | 'evidenced' | 'documented' | 'needs_document' | 'not_evidenced';

export type { CoverageLine as ControlCoverage } from '../frameworks/framework-coverage.js';

export type ResponsibilityLayer = 'infrastructure' | 'platform' | 'tenant';

export interface ResponsibilityCell {
  criterion: string;
  layer: ResponsibilityLayer;
  text: string;
  notes: string;
  edited: boolean;
  updatedAt: string | null;
}

export interface ResponsibilityRow {
  criterion: string;
  title: string;
  cells: Record<ResponsibilityLayer, ResponsibilityCell>;
}

export interface Facets {
  exports: { exportRef: string; label: string }[];
  agents: { agentId: string; name: string }[];
  actionTypes: string[];
  verdicts: string[];
  statuses: string[];
  timeRange: { from: string; to: string } | null;
}
