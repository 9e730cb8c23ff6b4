/**
 * The contract's testing and checklist methods (docs/sampling.md, docs/checklist.md): draw a
 * sample, read each item with its evidence, record results, conclude, export the workpaper, and
 * check the audit-prep checklist. Spread into the one handler table in services.ts.
 */
import { workpaperXlsx } from '../core/sampling/workpaper-xlsx.js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/api/result.js';
import type { EntryDetail, ExportedFile, FileRef } from '../../shared/api/view-types.js';
import type { CallContext, HandlerTable } from './dispatch.js';
import type { Store } from '../core/store/store.js';
import type { Actor } from '../core/engagement/engagements.js';
import { engagementScope } from '../core/engagement/engagements.js';
import { drawSample } from '../core/sampling/workpaper.js';
import {
  concludeWorkpaper,
  listWorkpapers,
  recordResult,
  saveWorkpaper,
  testingSheet,
  workpaperVersion,
} from '../core/sampling/testing.js';
import { approvalChain, locateItem } from '../core/sampling/item-evidence.js';
import { explainFromStore } from './queries/explain-queries.js';
import { formatTrace } from '../../shared/evaluate/explain.js';
import { renderWorkpaper } from '../core/pdf/workpaper-renderer.js';
import { attachChecklistDocument, evaluateChecklist } from '../core/checklist/checklist.js';
import { canonicalize } from '../../shared/format/jcs.js';
import type { UploadStore } from './uploads.js';

type TestingMethods =
  | 'testing.list'
  | 'testing.draw'
  | 'testing.get'
  | 'testing.item'
  | 'testing.record'
  | 'testing.conclude'
  | 'testing.export'
  | 'checklist.get'
  | 'checklist.attach';

export interface TestingDeps {
  store: Store;
  uploads: UploadStore;
  needEngagement(id: string | undefined): number;
  actor(): Actor;
  resourcesDir?: string;
  resolveFile(ref: FileRef, ctx: CallContext): string;
  destination(
    dest: { kind: 'path'; path: string } | undefined,
    name: string,
    ctx: CallContext,
  ): { path: string; downloadId: string | null };
  shown(file: ExportedFile, downloadId: string | null): ExportedFile;
  /** `entries.get` of the same table: the entry, its line, inclusion proof and findings. */
  entryDetail(ref: string, engagementId: string): EntryDetail | Promise<EntryDetail>;
}

/** The testing and checklist handlers. */
export function testingHandlers(d: TestingDeps): Pick<HandlerTable, TestingMethods> {
  const db = d.store.db;
  return {
    'testing.list': (a) => listWorkpapers(db, d.needEngagement(a.engagementId)),
    'testing.draw': (a) => {
      const n = d.needEngagement(a.engagementId);
      const who = d.actor();
      const w = drawSample(db, {
        engagementId: n,
        framework: a.framework,
        control: a.control,
        seed: a.seed,
        ...(a.method !== undefined ? { method: a.method } : {}),
        ...(a.stratify !== undefined ? { stratify: a.stratify } : {}),
        ...(a.size !== undefined ? { size: a.size } : {}),
        ...(a.reason !== undefined ? { reason: a.reason } : {}),
        ...(a.confidence !== undefined ? { confidence: a.confidence } : {}),
        ...(a.tolerable !== undefined ? { tolerable: a.tolerable } : {}),
        generatedAt: who.at,
        generatedBy: who.by,
      });
      return testingSheet(db, n, saveWorkpaper(db, w, who).id);
    },
    'testing.get': (a) => testingSheet(db, d.needEngagement(a.engagementId), a.workpaperId),
    'testing.item': async (a) => {
      const n = d.needEngagement(a.engagementId);
      const sheet = testingSheet(db, n, a.workpaperId);
      const item = sheet.workpaper.items[a.item];
      if (!item)
        throw new ApiFailure(
          'BAD_ARGUMENTS',
          `the sample has items 0–${sheet.workpaper.items.length - 1}; there is no item ${a.item}`,
        );
      const at = locateItem(db, engagementScope(db, n).exportRefs, item);
      const entry = await d.entryDetail(at.ref, String(n));
      const trace =
        item.action_type === 'connector.called'
          ? explainFromStore(d.store, at.exportRef, at.seq).trace
          : null;
      const chain = approvalChain(db, at.logId, at.pos, entry.line, at.exportRef);
      if (chain) {
        // The trace of the call run under the approval fills in what the chain's entries leave open.
        const call = chain.links.find((l) => l.action_type === 'connector.called');
        const seen =
          trace?.seen.approval ??
          (call ? explainFromStore(d.store, at.exportRef, call.seq).trace?.seen.approval : null) ??
          null;
        if (seen) {
          chain.reviewerRole ??= seen.reviewer_role;
          chain.reviewer ??= seen.reviewer_id;
          chain.expiresAt ??= seen.expires_at;
        }
      }
      return {
        item: a.item,
        ref: at.ref,
        entry,
        trace,
        traceText: trace ? formatTrace(trace) : null,
        approval: chain,
      };
    },
    'testing.record': (a) =>
      recordResult(
        db,
        d.needEngagement(a.engagementId),
        a.workpaperId,
        {
          item: a.item,
          attribute: a.attribute,
          result: a.result,
          ...(a.note !== undefined ? { note: a.note } : {}),
        },
        d.actor(),
      ),
    'testing.conclude': (a) => {
      const n = d.needEngagement(a.engagementId);
      concludeWorkpaper(db, n, a.workpaperId, d.actor());
      return testingSheet(db, n, a.workpaperId);
    },
    'testing.export': async (a, ctx) => {
      const n = d.needEngagement(a.engagementId);
      const sheet = testingSheet(db, n, a.workpaperId);
      const tested = workpaperVersion(db, n, a.workpaperId);
      const w = sheet.workpaper;
      const base = `workpaper-${w.framework}-${w.control}-${a.workpaperId}${tested ? `-v${tested.version}` : ''}`;
      const bytes =
        a.format === 'pdf'
          ? await renderWorkpaper({ workpaper: w, sha256: sheet.summary.sha256, tested }, d.resourcesDir)
          : a.format === 'xlsx'
            ? await workpaperXlsx({ workpaper: w, sha256: sheet.summary.sha256, tested })
            : Buffer.from(`${JSON.stringify(JSON.parse(canonicalize(tested ?? w)), null, 2)}\n`, 'utf8');
      const out = d.destination(a.dest, `${base}.${a.format}`, ctx);
      writeFileSync(out.path, bytes);
      const file: ExportedFile = {
        name: path.basename(out.path),
        bytes: statSync(out.path).size,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        path: out.path,
        downloadId: null,
      };
      return d.shown(file, out.downloadId);
    },
    'checklist.get': (a) => evaluateChecklist(db, d.needEngagement(a.engagementId)),
    'checklist.attach': (a, ctx) => {
      const n = d.needEngagement(a.engagementId);
      const file = d.resolveFile(a.file, ctx);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new ApiFailure('NOT_FOUND', `cannot read the document: ${(e as Error).message}`);
      }
      const c = attachChecklistDocument(
        db,
        {
          engagementId: n,
          itemId: a.itemId,
          fileName: a.fileName ?? path.basename(file),
          bytes,
          note: a.note,
        },
        d.actor(),
      );
      if (a.file.kind === 'upload') d.uploads.remove(a.file.id);
      return c;
    },
  };
}
