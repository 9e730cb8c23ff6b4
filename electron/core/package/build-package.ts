/** Builds a compliance package from the store: one streaming pass over the whole population. */
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { LAYER_TITLES, RESPONSIBILITY_CRITERIA, RESPONSIBILITY_LAYERS, defaultResponsibility } from '../../../shared/controls/responsibility.js';
import type { ResponsibilityRow } from '../../../shared/api/view-types.js';
import { assemblePackage, type PackageContext } from '../../../shared/package/assemble-package.js';
import type { PackageDoc, PackageDocument, PackageScope, PopulationEntry, ResponsibilityMatrix, SubprocessorRegistry } from '../../../shared/package/package-types.js';
import { PopulationAccumulator } from '../../../shared/package/population-accumulator.js';
import { loadSubprocessorRegistry } from './resources.js';
import { agentNames, exportsCovering, findingsFor, iteratePopulation, populationSize, storedResponsibility, storeOrgs, type PeriodSelector, type ScopeSelector } from './store-source.js';

import { engagementForOrg } from '../engagement/engagements.js';
import { listDocuments, type AttachedDocument } from '../engagement/documents.js';
import { engagementFrameworks } from '../frameworks/engagement-soa.js';
import { checkMappingText } from '../frameworks/mapping-check-store.js';
import { packageFrameworks, type PackageFrameworkChoice } from '../../../shared/frameworks/package-frameworks.js';
import { engagementTesting } from './engagement-testing.js';

type Db = BetterSqlite3.Database;

export interface BuildPackageOptions {
  scope: ScopeSelector;
  /** The engagement the package is made in: its responsibility notes, and the link recorded. */
  engagementId?: number;
  from?: string;
  to?: string;
  /** Fixed generation time (never the clock inside: the same inputs give the same package). */
  generatedAt: string;
  generatedBy: string;
  registry?: SubprocessorRegistry;
  /** Where `resources/` is when not found above the code (a packaged app's resources folder). */
  resourcesDir?: string;
  /** The app's current matrix; absent: the store's saved matrix (defaults overlaid with the auditor's edits). */
  responsibility?: ResponsibilityRow[] | ResponsibilityMatrix;
  /** Frameworks to conclude on in the package (readiness; Annex A adds the SoA and gaps); absent: SOC 2 as before. */
  frameworks?: PackageFrameworkChoice;
  /** The platform's own mapping file, checked against the engagement and put in the package (needs `frameworks`). */
  mapping?: { fileName: string; text: string };
  signal?: AbortSignal;
  /** Called every few thousand entries with entries read so far and the population's size. */
  onProgress?: (done: number, total: number) => void;
}

/** A PackageBuildError: a CrosscheckError whose code is one of these (shared/errors/error-codes.ts). */
export class PackageBuildError extends CrosscheckError {
  declare readonly code: 'PACKAGE_EMPTY' | 'PACKAGE_AMBIGUOUS_ORG' | 'CANCELLED';

  constructor(code: 'PACKAGE_EMPTY' | 'PACKAGE_AMBIGUOUS_ORG' | 'CANCELLED', message: string) {
    super(code, message);
    this.name = 'PackageBuildError';
  }
}

/** The responsibility matrix as a table: criterion, then one column per layer. */
export function responsibilityMatrix(rows?: ResponsibilityRow[] | ResponsibilityMatrix): ResponsibilityMatrix {
  if (rows !== undefined && !Array.isArray(rows)) return rows;
  const columns = ['Criterion', ...RESPONSIBILITY_LAYERS.map((l) => LAYER_TITLES[l])];
  if (rows !== undefined) {
    return { columns, rows: rows.map((r) => [r.criterion, ...RESPONSIBILITY_LAYERS.map((l) => r.cells[l].text)]) };
  }
  return {
    columns,
    rows: RESPONSIBILITY_CRITERIA.map((c) => [c, ...RESPONSIBILITY_LAYERS.map((l) => defaultResponsibility(c, l))]),
  };
}

/** Feeds a population into an accumulator and hashes its leaves; shared by the store and tests. */
export function accumulate(
  entries: Iterable<PopulationEntry>,
  signal?: AbortSignal,
  onProgress?: (done: number) => void,
): { acc: PopulationAccumulator; leafDigest: string; ranges: Map<string, { first: number; last: number }> } {
  const acc = new PopulationAccumulator();
  const hash = createHash('sha256');
  const ranges = new Map<string, { first: number; last: number }>();
  let n = 0;
  for (const e of entries) {
    if ((++n & 0xfff) === 0) {
      if (signal?.aborted) throw new PackageBuildError('CANCELLED', 'package generation cancelled');
      onProgress?.(n);
    }
    acc.add(e);
    hash.update(e.leaf_raw ?? Buffer.from(e.leaf_hash, 'hex'));
    const r = ranges.get(e.origin);
    if (r === undefined) ranges.set(e.origin, { first: e.seq, last: e.seq });
    else {
      if (e.seq < r.first) r.first = e.seq;
      if (e.seq > r.last) r.last = e.seq;
    }
  }
  return { acc, leafDigest: hash.digest('hex'), ranges };
}

/** The package for one agent or the whole organisation over a period, from the store. */
export function buildPackage(db: Db, opts: BuildPackageOptions): PackageDoc {
  const period: PeriodSelector = { from: opts.from, to: opts.to };
  let selector = opts.scope;
  if (selector.kind === 'org' && selector.orgId === undefined) {
    const orgs = storeOrgs(db);
    // One store may hold several organisations' logs; an org package never mixes them.
    if (orgs.length > 1) {
      throw new PackageBuildError(
        'PACKAGE_AMBIGUOUS_ORG',
        `the store holds ${orgs.length} organisations; choose one: ${orgs.map((o) => `${o.id} (${o.name})`).join(', ')}`,
      );
    }
    if (orgs.length === 1) selector = { kind: 'org', orgId: orgs[0]!.id };
  }
  const progress = opts.onProgress;
  const total = progress === undefined ? 0 : populationSize(db, selector, period);
  const { acc, leafDigest, ranges } = accumulate(iteratePopulation(db, selector, period), opts.signal, progress && ((done) => progress(done, total)));
  if (acc.entries === 0) {
    throw new PackageBuildError(
      'PACKAGE_EMPTY',
      opts.scope.kind === 'agent'
        ? `no verified entries for agent ${opts.scope.agentId} in the chosen period`
        : 'no verified entries in the chosen period',
    );
  }
  const stored = exportsCovering(db, ranges, selector.exportRefs);
  const names = agentNames(db);
  const scope: PackageScope =
    opts.scope.kind === 'agent' ? { kind: 'agent', agent_id: opts.scope.agentId, agent_name: names.get(opts.scope.agentId) ?? null } : { kind: 'org' };
  const org = stored.find((s) => s.org !== null)?.org ?? { id: '', name: '(unknown organisation)' };
  const engagementId = opts.engagementId ?? engagementForOrg(db, selector.kind === 'org' ? selector.orgId : undefined);
  const ctx: PackageContext = {
    scope,
    org,
    period: { from: opts.from ?? acc.first!.ts, to: opts.to ?? acc.last!.ts },
    generatedAt: opts.generatedAt,
    generatedBy: opts.generatedBy,
    exports: stored.map((s) => s.evidence),
    findings: findingsFor(db, stored, selector, period),
    responsibility: opts.responsibility === undefined ? storedResponsibility(db, engagementId) : responsibilityMatrix(opts.responsibility),
    documents: engagementId === null ? [] : listDocuments(db, engagementId).map(packageDocument),
    registry: opts.registry ?? loadSubprocessorRegistry(opts.resourcesDir),
    agentNames: names,
    leafDigest,
  };
  const doc = assemblePackage(acc, ctx);
  // Made in an engagement, a package carries its concluded workpapers and its audit-prep checklist.
  if (opts.engagementId !== undefined) Object.assign(doc, engagementTesting(db, opts.engagementId));
  if (opts.frameworks === undefined) return doc;
  // The SoA is the engagement's, whatever the package's agent or period (docs/frameworks.md).
  if (engagementId === null) throw new PackageBuildError('PACKAGE_AMBIGUOUS_ORG', 'a package with --framework is made in an engagement: name it with --engagement');
  const frameworks = packageFrameworks(opts.frameworks, engagementFrameworks(db, engagementId));
  if (opts.mapping !== undefined) {
    frameworks.mapping = {
      file: opts.mapping.fileName,
      sha256: createHash('sha256').update(opts.mapping.text).digest('hex'),
      claims: checkMappingText(db, engagementId, opts.mapping.text, opts.mapping.fileName),
    };
  }
  return { ...doc, frameworks };
}

/** An attached document as the package names it: by hash, with who attached it to which control. */
function packageDocument(d: AttachedDocument): PackageDocument {
  return { framework: d.framework, control_id: d.controlId, file_name: d.fileName, sha256: d.sha256, size: d.size, note: d.note, attached_at: d.attachedAt, attached_by: d.attachedBy };
}
