/**
 * Package work as the worker (or the in-process fallback) runs it, on its own store connection:
 * generating a package record, and writing a stored package out as JSON, PDF or binder.
 */
import { createHash } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PackageJobResult } from '../../shared/api/view-types.js';
import type { PackageFormat } from '../../shared/package/file-names.js';
import { loadOrCreateAuditorKey } from '../core/binder/auditor-key.js';
import { PackageBuildError } from '../core/package/build-package.js';
import { exportBinder, generatePackage } from '../core/package/generate.js';
import { renderPdf } from '../core/pdf/pdf-renderer.js';
import { getPackage } from '../core/package/records.js';
import type { ScopeSelector } from '../core/package/store-source.js';
import { openStore } from '../core/store/store.js';
import type { PackageFrameworkChoice } from '../../shared/frameworks/package-frameworks.js';
import type { RunImportProgress } from './import-runner.js';

export interface RunPackageInput {
  mode: 'package';
  storeDir: string;
  scope: ScopeSelector;
  engagementId?: number;
  from?: string;
  to?: string;
  generatedAt: string;
  generatedBy: string;
  /** Readiness, and for Annex A the SoA and gaps, in the package (absent: SOC 2 as before). */
  frameworks?: PackageFrameworkChoice;
}

export interface RunPackageExportInput {
  mode: 'package-export';
  storeDir: string;
  packageId: string;
  format: PackageFormat;
  outPath: string;
  /** Names the auditor key when the first binder creates it. */
  generatedBy: string;
}

type Progress = (p: RunImportProgress) => void;

/** Builds and records one package (immutable, custody-logged). */
export async function runPackage(
  input: RunPackageInput,
  onProgress: Progress,
  signal: AbortSignal,
): Promise<PackageJobResult> {
  const store = openStore(input.storeDir);
  try {
    onProgress({ phase: 'counting', done: 0, total: 0, entries: 0 });
    const res = await generatePackage(store.db, {
      scope: input.scope,
      ...(input.engagementId !== undefined ? { engagementId: input.engagementId } : {}),
      from: input.from,
      to: input.to,
      generatedAt: input.generatedAt,
      generatedBy: input.generatedBy,
      ...(input.frameworks !== undefined ? { frameworks: input.frameworks } : {}),
      signal,
      onProgress: (done, total) =>
        onProgress({ phase: 'reading', done, total, entries: done }),
    });
    return { packageId: res.packageId, version: res.record.version, created: res.created, file: null };
  } catch (e) {
    // The same code the import path uses, so the job ends as cancelled, not failed.
    if (e instanceof PackageBuildError && e.code === 'CANCELLED')
      throw Object.assign(new Error(e.message), { code: 'CANCELLED' });
    throw e;
  } finally {
    store.close();
  }
}

/** Writes a stored package out; a binder also creates the auditor key on first use and logs custody. */
export async function runPackageExport(
  input: RunPackageExportInput,
  onProgress: Progress,
  signal: AbortSignal,
): Promise<PackageJobResult> {
  const store = openStore(input.storeDir);
  try {
    const { record, doc, bytes } = getPackage(store.db, input.packageId);
    const total = record.entries;
    let sha256: string;
    if (input.format === 'binder') {
      onProgress({ phase: 'rendering', done: 0, total, entries: 0 });
      const key = loadOrCreateAuditorKey(input.storeDir, input.generatedBy);
      if (signal.aborted) throw Object.assign(new Error('export cancelled'), { code: 'CANCELLED' });
      onProgress({ phase: 'binding', done: 0, total, entries: 0 });
      // The binder is hashed while it is written: no re-read of a large zip.
      sha256 = await exportBinder(store.db, input.packageId, input.outPath, key);
    } else {
      if (input.format === 'pdf') onProgress({ phase: 'rendering', done: 0, total, entries: 0 });
      // The document was read and its hash checked above: render it, no second read of the record.
      const out = input.format === 'json' ? bytes : await renderPdf(doc, record.id);
      writeFileSync(input.outPath, out);
      sha256 = createHash('sha256').update(out).digest('hex');
    }
    return {
      packageId: record.id,
      version: record.version,
      created: false,
      file: {
        name: path.basename(input.outPath),
        bytes: statSync(input.outPath).size,
        sha256,
        path: input.outPath,
        downloadId: null,
      },
    };
  } finally {
    store.close();
  }
}
