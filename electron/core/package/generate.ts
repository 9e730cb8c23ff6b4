/**
 * One call for the CLI and the app: build the package from the store, record it (immutable,
 * custody-logged), and write any of JSON, PDF and binder from the *stored* package.
 */
import { packageQuestionnaires, questionnaireBinderFiles } from '../questionnaire/package-questionnaires.js';
import { writeFileSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { PackageDoc } from '../../../shared/package/package-types.js';
import type { AuditorKey } from '../binder/auditor-key.js';
import { writeBinder } from '../binder/write-binder.js';
import { renderPdf } from '../pdf/pdf-renderer.js';
import { buildPackage, type BuildPackageOptions } from './build-package.js';
import { appendCustody } from './custody.js';
import { getPackage, savePackage, type SavedPackage } from './records.js';
import { iteratePopulation, type ScopeSelector } from './store-source.js';

type Db = BetterSqlite3.Database;

export interface GenerateOutputs {
  jsonPath?: string;
  pdfPath?: string;
  binderPath?: string;
  /** Needed for a binder: the auditor's key (see loadOrCreateAuditorKey). */
  key?: AuditorKey;
}

export interface GenerateResult extends SavedPackage {
  packageId: string;
  doc: PackageDoc;
  written: { json?: string; pdf?: string; binder?: string };
}

/**
 * The scope selector that reproduces a stored package's population: its agent or organisation,
 * narrowed to the exports the package rests on (an engagement's, without the ones it voided).
 */
export function scopeOf(db: Db, doc: PackageDoc): ScopeSelector {
  const base: ScopeSelector = doc.scope.kind === 'agent' ? { kind: 'agent', agentId: doc.scope.agent_id } : { kind: 'org', orgId: doc.org.id };
  const ids = doc.exports.map((e) => e.export_id);
  if (ids.length === 0) return base;
  const refs = db
    .prepare(`SELECT id FROM exports WHERE trusted = 1 AND export_id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: number }[];
  return { ...base, exportRefs: refs.map((r) => r.id) };
}

/** Renders the stored package's PDF (same package → same bytes). */
export async function renderStoredPdf(db: Db, packageId: string, resourcesDir?: string): Promise<Buffer> {
  const { doc } = getPackage(db, packageId);
  return renderPdf(doc, packageId, resourcesDir);
}

/** Writes the binder of a stored package and logs the hand-over in the custody log. */
export async function exportBinder(
  db: Db,
  packageId: string,
  outPath: string,
  key: AuditorKey,
  opts: { pdf?: Buffer; resourcesDir?: string } = {},
): Promise<string> {
  const { doc, bytes } = getPackage(db, packageId);
  const pdfBytes = opts.pdf ?? (await renderPdf(doc, packageId, opts.resourcesDir));
  const written = await writeBinder(outPath, {
    doc,
    packageJson: bytes,
    pdf: pdfBytes,
    population: iteratePopulation(db, scopeOf(db, doc), doc.period),
    key,
    extra: await questionnaireBinderFiles(db, doc.questionnaires ?? []),
  });
  const zipSha = written.sha256;
  db.transaction(() =>
    appendCustody(db, {
      ts: doc.generated_at,
      actor: doc.generated_by,
      action: 'binder.exported',
      subject: packageId,
      exports: doc.exports.map((e) => e.export_id),
      detail: { binder_sha256: zipSha, key_id: key.keyId, key_name: key.name },
    }),
  )();
  return zipSha;
}

/** Builds, records and writes a package in one go (`crosscheck package`, app "Generate package"). */
export async function generatePackage(db: Db, opts: BuildPackageOptions & GenerateOutputs): Promise<GenerateResult> {
  if (opts.binderPath !== undefined && opts.key === undefined) throw new Error('a binder needs the auditor key (loadOrCreateAuditorKey)');
  const doc0 = buildPackage(db, opts);
  // The engagement's customer questionnaires, answered from the same evidence, as they stand now.
  const questionnaires = opts.engagementId === undefined ? [] : await packageQuestionnaires(db, opts.engagementId);
  const built = questionnaires.length === 0 ? doc0 : { ...doc0, questionnaires };
  const saved = savePackage(db, built, opts.engagementId !== undefined ? { engagementId: opts.engagementId } : {});
  const packageId = saved.record.id;
  const { doc, bytes } = getPackage(db, packageId);
  const written: GenerateResult['written'] = {};
  if (opts.jsonPath !== undefined) {
    writeFileSync(opts.jsonPath, bytes);
    written.json = opts.jsonPath;
  }
  let pdf: Buffer | undefined;
  if (opts.pdfPath !== undefined || opts.binderPath !== undefined) pdf = await renderPdf(doc, packageId, opts.resourcesDir);
  if (opts.pdfPath !== undefined) {
    writeFileSync(opts.pdfPath, pdf!);
    written.pdf = opts.pdfPath;
  }
  if (opts.binderPath !== undefined) {
    await exportBinder(db, packageId, opts.binderPath, opts.key!, { pdf, resourcesDir: opts.resourcesDir });
    written.binder = opts.binderPath;
  }
  return { ...saved, packageId, doc, written };
}
