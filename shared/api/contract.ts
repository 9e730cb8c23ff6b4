/**
 * The one typed contract between the renderer and the services (design.md "IPC and the API
 * contract"): each method has a zod schema for its arguments, checked at every transport boundary,
 * and a result type. Adding a method here (e.g. `packages.*`) is all a transport needs.
 */
import { z } from 'zod';
import type {
  AgentDetail,
  AgentSummary,
  AppInfo,
  AuditorKeyView,
  ContinuityTimeline,
  ControlCoverage,
  EntryDetail,
  EntryPage,
  ExportReport,
  ExportSummary,
  Facets,
  FindingDetail,
  FindingGroupView,
  FindingRecord,
  ExportedFile,
  ImportJobStatus,
  JobStatus,
  PackageJobStatus,
  PackageSummary,
  PackageView,
  ResponsibilityRow,
  TrustedKey,
} from './view-types.js';
import type { CustodyRecord, CustodyVerification, PackageDiff } from '../package/record-types.js';
import type { AttachedDocumentView, EngagementDetail, EngagementView } from '../engagement/engagement-types.js';
import { FRAMEWORK_IDS } from '../engagement/engagement-types.js';
import { ALL_FINDING_KINDS, SEVERITY_ORDER, type FindingKind, type Severity } from '../report/finding-kinds.js';
import type { CatalogsView, FrameworksView, ImportedCatalogView } from '../frameworks/frameworks-view.js';
import type { MappingClaim } from '../frameworks/mapping-check.js';
import { IMPLEMENTATION_STATUSES } from '../frameworks/soa.js';
import { PACKAGE_FRAMEWORK_CHOICES } from '../frameworks/package-frameworks.js';
import type { TestingSheet, WorkpaperSummary } from '../sampling/workpaper-types.js';
import type { SampledItemEvidence } from '../sampling/item-evidence.js';
import type { Checklist } from '../checklist/checklist-types.js';
import type { FilledQuestionnaireFile, QuestionnaireSummary, QuestionnaireView, WorkbookPreview } from '../questionnaire/questionnaire-types.js';
import type { LibraryListEntry, LibraryListing, LibraryRevision } from '../questionnaire/library-types.js';
import { ANSWER_VALUES } from '../questionnaire/questionnaire-types.js';

/** A method's argument schema paired with its (type-only) result. */
export interface MethodSpec<A extends z.ZodType, R> {
  args: A;
  /** Never read at run time: carries the result type. */
  result?: R;
  /** Long work: the transport must not block on it (it returns a job id). */
  long?: boolean;
}

function method<R>() {
  return <A extends z.ZodType>(args: A, long = false): MethodSpec<A, R> => ({ args, long });
}

const none = z.object({}).strict();
/** An engagement's id (digits); read methods take it so one client's data never shows in another's. */
export const engagementIdSchema = z.string().regex(/^\d{1,12}$/);
/** Optional only for a store with one engagement; with several the services refuse to guess. */
const engagement = { engagementId: engagementIdSchema.optional() };
const scoped = z.object(engagement).strict();
const periodBound = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/).nullable();
const frameworks = z.array(z.enum(FRAMEWORK_IDS)).min(1).max(FRAMEWORK_IDS.length);
const id = z.string().min(1).max(200);
const timestamp = z.string().max(40);
/** `<log>:<pos>`, the store's key of one line. */
const entryRef = z.string().regex(/^\d{1,7}:\d{1,15}$/);

export const fileRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('upload'), id: z.string().regex(/^[a-f0-9]{32}$/) }).strict(),
]);

export const entryFilterSchema = z
  .object({
    exportRef: id.optional(),
    agentId: id.optional(),
    actionType: z.string().max(100).optional(),
    /** Who acted (spec §4 `actor.type`): the responsibility matrix links a tenant cell to the users' lines. */
    actorType: z.enum(['agent', 'user', 'system']).optional(),
    verdict: z.enum(['PERMIT', 'ESCALATE', 'DENY']).optional(),
    status: z.enum(['success', 'error', 'blocked', 'escalated']).optional(),
    from: timestamp.optional(),
    to: timestamp.optional(),
    text: z.string().max(200).optional(),
    controls: z.string().max(20).optional(),
    /** The framework `controls` names a control of (default SOC 2). */
    framework: z.enum(FRAMEWORK_IDS).optional(),
    withFindings: z.boolean().optional(),
  })
  .strict();

export type EntryFilter = z.infer<typeof entryFilterSchema>;

export const findingGroupingSchema = z.enum(['kind', 'severity', 'agent', 'control']);

/** A package id: the SHA-256 of its canonical JSON. */
const packageId = z.string().regex(/^[0-9a-f]{64}$/);
/** Where the desktop app writes an exported file (a save dialog's path); absent under serve (a download). */
const destSchema = z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }).strict();

/** A stored questionnaire's id. */
const questionnaireId = z.string().regex(/^\d{1,12}$/);
/** An answer library entry's key (a built-in's, `U-n`, or one the team chose). */
const libraryKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$/);
const libraryTerms = z.array(z.string().trim().min(1).max(200)).max(100);

/** One keyset page of findings (report order within each export), every given filter applied. */
export const findingListSchema = z
  .object({
    exportRef: id.optional(),
    kind: z.enum(ALL_FINDING_KINDS as [FindingKind, ...FindingKind[]]).optional(),
    agentId: z.string().min(1).max(200).optional(),
    severity: z.enum(SEVERITY_ORDER as [Severity, ...Severity[]]).optional(),
    /** The `id` of the last finding of the previous page. */
    afterId: z.string().regex(/^\d{1,15}$/).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    ...engagement,
  })
  .strict();

export const packageFormatSchema = z.enum(['pdf', 'json', 'binder']);

export const responsibilityLayerSchema = z.enum(['infrastructure', 'platform', 'tenant']);

export const API = {
  'app.info': method<AppInfo>()(none),

  'engagements.list': method<EngagementView[]>()(none),
  'engagements.get': method<EngagementDetail>()(z.object({ engagementId: engagementIdSchema }).strict()),
  'engagements.create': method<EngagementView>()(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        orgIds: z.array(z.string().min(1).max(200)).max(50).optional(),
        periodFrom: periodBound.optional(),
        periodTo: periodBound.optional(),
        frameworks: frameworks.optional(),
      })
      .strict(),
  ),
  'engagements.update': method<EngagementView>()(
    z
      .object({
        engagementId: engagementIdSchema,
        name: z.string().trim().min(1).max(200).optional(),
        periodFrom: periodBound.optional(),
        periodTo: periodBound.optional(),
        frameworks: frameworks.optional(),
        addOrgIds: z.array(z.string().min(1).max(200)).max(50).optional(),
      })
      .strict(),
  ),

  'exports.list': method<ExportSummary[]>()(scoped),
  'exports.report': method<ExportReport>()(z.object({ exportRef: id, ...engagement }).strict()),
  'exports.continuity': method<ContinuityTimeline[]>()(scoped),
  /** Voids a wrongly imported export: kept for the record, left out of every count (reason required). */
  'exports.void': method<ExportSummary>()(z.object({ exportRef: id, reason: z.string().trim().min(3).max(2000), ...engagement }).strict()),

  'keys.list': method<TrustedKey[]>()(none),
  /** Adds every key of a keyring file (JSON text, spec §5) to the store's trust store. */
  'keys.add': method<TrustedKey[]>()(
    z.object({ keyring: z.string().min(2).max(1_000_000).optional(), file: fileRefSchema.optional() }).strict(),
  ),
  'keys.remove': method<TrustedKey[]>()(z.object({ keyId: z.string().regex(/^[0-9a-f]{8}$/), name: z.string().max(500) }).strict()),

  /** Starts an import off the UI thread; poll `jobs.get` for progress. */
  'imports.start': method<ImportJobStatus>()(
    z
      .object({ bundle: fileRefSchema, keyring: fileRefSchema.optional(), engagementId: engagementIdSchema.optional(), fileName: z.string().min(1).max(500).optional() })
      .strict(),
    true,
  ),
  'jobs.get': method<JobStatus>()(z.object({ jobId: id }).strict()),
  'jobs.list': method<JobStatus[]>()(none),
  'jobs.cancel': method<JobStatus>()(z.object({ jobId: id }).strict()),

  'entries.facets': method<Facets>()(scoped),
  'entries.query': method<EntryPage>()(
    z
      .object({
        filter: entryFilterSchema,
        offset: z.number().int().min(0).max(1e9),
        limit: z.number().int().min(1).max(1000),
        ...engagement,
      })
      .strict(),
  ),
  'entries.get': method<EntryDetail>()(z.object({ ref: entryRef, ...engagement }).strict()),
  'entries.locate': method<{ index: number | null }>()(
    z.object({ ref: entryRef, filter: entryFilterSchema, ...engagement }).strict(),
  ),

  'findings.groups': method<FindingGroupView[]>()(
    z.object({ by: findingGroupingSchema, exportRef: id.optional(), ...engagement }).strict(),
  ),
  'findings.get': method<FindingDetail>()(z.object({ findingId: id, ...engagement }).strict()),
  'findings.list': method<FindingRecord[]>()(findingListSchema),

  'agents.list': method<AgentSummary[]>()(scoped),
  'agents.get': method<AgentDetail>()(z.object({ agentId: id, ...engagement }).strict()),

  'controls.coverage': method<ControlCoverage[]>()(z.object({ framework: z.enum(FRAMEWORK_IDS).optional(), ...engagement }).strict()),
  'documents.list': method<AttachedDocumentView[]>()(scoped),
  /** Attaches a document (policy, training record …) to a criterion the trail cannot evidence; custody-logged. */
  'documents.attach': method<AttachedDocumentView>()(
    z
      .object({
        controlId: z.string().regex(/^([A-Z]{1,3})?\d+\.\d+$/),
        framework: z.enum(FRAMEWORK_IDS).optional(),
        file: fileRefSchema,
        fileName: z.string().min(1).max(300).optional(),
        note: z.string().max(2000).optional(),
        ...engagement,
      })
      .strict(),
  ),

  /** Coverage of both frameworks, the Statement of Applicability, its gaps and readiness (docs/frameworks.md). */
  'frameworks.view': method<FrameworksView>()(scoped),
  /** Both catalogs (licensed text where imported) and the SOC 2 ↔ Annex A crosswalk in force. */
  'frameworks.catalogs': method<CatalogsView>()(none),
  /** Imports a licensed catalog (OSCAL JSON or CSV id,title,text); refused whole, naming the row. */
  'frameworks.importCatalog': method<ImportedCatalogView>()(
    z.object({ framework: z.enum(FRAMEWORK_IDS), file: fileRefSchema, fileName: z.string().min(1).max(300).optional() }).strict(),
  ),
  /** Edits one Annex A control's SoA entry (null: back to the draft); kept with who and when, custody-logged. */
  'soa.edit': method<FrameworksView>()(
    z
      .object({
        controlId: z.string().regex(/^(A\.)?\d\.\d{1,2}$/),
        applicable: z.boolean().nullable().optional(),
        justification: z.string().max(4000).nullable().optional(),
        implementation: z.enum(IMPLEMENTATION_STATUSES).nullable().optional(),
        ...engagement,
      })
      .strict(),
  ),
  /** Checks the platform's own framework mapping (CSV, Markdown or HTML table) claim by claim against the trail. */
  'mapping.check': method<MappingClaim[]>()(
    z.object({ text: z.string().min(1).max(2_000_000).optional(), file: fileRefSchema.optional(), fileName: z.string().max(300).optional(), ...engagement }).strict(),
  ),

  'responsibility.get': method<ResponsibilityRow[]>()(scoped),
  'responsibility.set': method<ResponsibilityRow[]>()(
    z
      .object({
        criterion: z.string().regex(/^[A-Z]{1,3}\d+\.\d+$/),
        layer: responsibilityLayerSchema,
        text: z.string().max(4000),
        notes: z.string().max(4000),
        ...engagement,
      })
      .strict(),
  ),
  'responsibility.reset': method<ResponsibilityRow[]>()(
    z.object({ criterion: z.string().regex(/^[A-Z]{1,3}\d+\.\d+$/), layer: responsibilityLayerSchema, ...engagement }).strict(),
  ),

  'packages.list': method<PackageSummary[]>()(z.object({ agentId: id.optional(), org: z.boolean().optional(), ...engagement }).strict()),
  /** Builds and records a package (agent or organisation, optional period) off the UI thread. */
  'packages.generate': method<PackageJobStatus>()(
    z
      .object({
        agentId: id.optional(),
        org: z.boolean().optional(),
        from: timestamp.optional(),
        to: timestamp.optional(),
        /** Readiness, and for Annex A the SoA and gaps, in the package (docs/frameworks.md). */
        framework: z.enum(PACKAGE_FRAMEWORK_CHOICES).optional(),
        ...engagement,
      })
      .strict()
      .refine((a) => (a.agentId === undefined) !== (a.org !== true), { message: 'choose an agent or the whole organisation' }),
    true,
  ),
  'packages.get': method<PackageView>()(z.object({ packageId }).strict()),
  'packages.diff': method<PackageDiff>()(z.object({ fromId: packageId, toId: packageId }).strict()),
  /** Writes a stored package as PDF, JSON or signed binder (a job: a binder of a large org takes a while). */
  'packages.export': method<PackageJobStatus>()(z.object({ packageId, format: packageFormatSchema, dest: destSchema.optional() }).strict(), true),

  'testing.list': method<WorkpaperSummary[]>()(scoped),
  /** Draws a reproducible sample of one control's population into a stored workpaper (custody-logged). */
  'testing.draw': method<TestingSheet>()(
    z
      .object({
        framework: z.enum(FRAMEWORK_IDS),
        control: z.string().regex(/^([A-Z]{1,3})?\d+\.\d+$/),
        seed: z.string().trim().min(1).max(200),
        method: z.enum(['random', 'systematic', 'stratified']).optional(),
        stratify: z.enum(['agent', 'month', 'environment']).optional(),
        size: z.number().int().min(1).max(100_000).optional(),
        reason: z.string().max(2000).optional(),
        confidence: z.number().gt(0).lt(1).optional(),
        tolerable: z.number().gt(0).lt(1).optional(),
        ...engagement,
      })
      .strict(),
  ),
  'testing.get': method<TestingSheet>()(z.object({ workpaperId: z.number().int().min(1), ...engagement }).strict()),
  /** One sampled item with its evidence: the entry and inclusion proof, the re-evaluation trace, the approval chain. */
  'testing.item': method<SampledItemEvidence>()(z.object({ workpaperId: z.number().int().min(1), item: z.number().int().min(0), ...engagement }).strict()),
  'testing.record': method<TestingSheet>()(
    z
      .object({
        workpaperId: z.number().int().min(1),
        item: z.number().int().min(0),
        attribute: z.string().min(1).max(100),
        result: z.enum(['pass', 'exception']),
        note: z.string().max(2000).optional(),
        ...engagement,
      })
      .strict(),
  ),
  /** Concludes a fully tested workpaper into a new immutable version (custody-logged). */
  'testing.conclude': method<TestingSheet>()(z.object({ workpaperId: z.number().int().min(1), ...engagement }).strict()),
  /** Writes a workpaper (its latest version, or as drawn) as PDF or JSON. */
  'testing.export': method<ExportedFile>()(
    z.object({ workpaperId: z.number().int().min(1), format: z.enum(['pdf', 'xlsx', 'json']), dest: destSchema.optional(), ...engagement }).strict(),
  ),
  'checklist.get': method<Checklist>()(scoped),
  /** Evidences a checklist item the trail cannot answer with a document and a note (custody-logged). */
  'checklist.attach': method<Checklist>()(
    z
      .object({
        itemId: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
        file: fileRefSchema,
        fileName: z.string().min(1).max(300).optional(),
        note: z.string().trim().min(1).max(2000),
        ...engagement,
      })
      .strict(),
  ),
  'questionnaires.list': method<QuestionnaireSummary[]>()(scoped),
  /** Adds a customer's workbook (.xlsx / .csv) to the engagement; `columns` maps them where detection fails (remembered per layout). */
  'questionnaires.add': method<QuestionnaireView>()(
    z.object({ file: fileRefSchema, fileName: z.string().min(1).max(300).optional(), columns: z.string().min(3).max(300).optional(), ...engagement }).strict(),
  ),
  /** The first rows of a workbook's sheets (refused as a fill would be; nothing stored), to map its columns in the app. */
  'questionnaires.preview': method<WorkbookPreview>()(z.object({ file: fileRefSchema, fileName: z.string().min(1).max(300).optional() }).strict()),
  'questionnaires.get': method<QuestionnaireView>()(z.object({ questionnaireId, ...engagement }).strict()),
  /** Accepts, overrides (answer + reason, required) or clears the review of one answer; who and when are kept. */
  'questionnaires.review': method<QuestionnaireView>()(
    z
      .object({
        questionnaireId,
        item: z.number().int().min(0).max(100_000),
        action: z.enum(['accept', 'override', 'clear']),
        answer: z.enum(ANSWER_VALUES).optional(),
        narrative: z.string().max(4000).optional(),
        reason: z.string().max(2000).optional(),
        ...engagement,
      })
      .strict()
      .refine((a) => a.action !== 'override' || (a.answer !== undefined && (a.reason ?? '').trim().length >= 3), { message: 'an override needs its answer and a reason' }),
  ),
  /** The customer's workbook filled with the reviewed answers and an Evidence sheet (a CSV: an Evidence CSV beside it); custody-logged. */
  'questionnaires.export': method<FilledQuestionnaireFile>()(z.object({ questionnaireId, dest: destSchema.optional(), ...engagement }).strict()),
  /** The answer library (built-ins, the team's edits and own entries) and the evidence rules an entry may rest on. */
  'answerLibrary.list': method<LibraryListing>()(none),
  /** Adds an entry (no key) or edits one (a built-in under its key): a new revision with who and when; the next fill matches with it. */
  'answerLibrary.save': method<LibraryListEntry>()(
    z
      .object({
        key: libraryKey.optional(),
        question: z.string().trim().min(3).max(2000),
        keywords: libraryTerms.optional(),
        caiq: libraryTerms.optional(),
        sig: libraryTerms.optional(),
        rule: z.string().min(1).max(2000).nullable().optional(),
        answer: z.enum(ANSWER_VALUES).nullable().optional(),
        narrative: z.string().max(4000).optional(),
        expectRevision: z.number().int().min(0).optional(),
      })
      .strict()
      .refine((a) => (a.rule ?? null) !== null || (a.answer ?? null) !== null, { message: 'an entry needs an evidence rule or a fixed answer' }),
  ),
  /** Every revision of one entry, who and when, and which fields each changed. */
  'answerLibrary.history': method<LibraryRevision[]>()(z.object({ key: libraryKey }).strict()),

  'custody.list': method<CustodyRecord[]>()(z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict()),
  'custody.verify': method<CustodyVerification>()(none),

  'auditorKey.get': method<AuditorKeyView>()(none),
  /** The auditor's public key file (created with the key on first use) for whoever checks a binder. */
  'auditorKey.export': method<ExportedFile>()(z.object({ dest: destSchema.optional() }).strict()),
} as const;

export type Api = typeof API;
export type MethodName = keyof Api;
export type ArgsOf<M extends MethodName> = z.input<Api[M]['args']>;
export type ParsedArgsOf<M extends MethodName> = z.output<Api[M]['args']>;
export type ResultOf<M extends MethodName> = NonNullable<Api[M]['result']>;

// The zod-free list the preload bundles; test/unit/bridge-contract.test.ts keeps it equal to API's keys.
export { METHOD_NAMES } from './bridge.js';

/** True when `name` is a method of the contract (transports get names as untrusted strings). */
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(API, name);
}
