/**
 * The ONE handler table implementing the contract (shared/api/contract.ts) on top of the core.
 * Node only: the Electron main process and `crosscheck serve` both call it through dispatch().
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiFailure } from '../../shared/api/result.js';
import { APP_VERSION } from '../../shared/app-version.js';
import type { ExportedFile, FileRef, JobStatus, PackageJobResult, TrustedKey } from '../../shared/api/view-types.js';
import type { KeyringKey } from '../../shared/format/export-types.js';
import { parseKeyring } from '../core/keyring/keyring.js';
import { AUDITOR_KEY_FILE, loadOrCreateAuditorKey, publicKeyText } from '../core/binder/auditor-key.js';
import { listCustody, verifyCustody } from '../core/package/custody.js';
import { diffPackages, getPackage, getPackageRecord, listPackages, packageVersions } from '../core/package/records.js';
import { agentNames } from '../core/package/store-source.js';
import { exportFileName } from '../../shared/package/file-names.js';
import { keyIdHex } from '../core/crypto/key-id.js';
import type { Store } from '../core/store/store.js';
import { openStore } from '../core/store/store.js';
import type { CallContext, HandlerTable } from './dispatch.js';
import { JobRunner } from './jobs.js';
import { agentDetail, listAgents } from './queries/agents-queries.js';
import { controlsCoverage } from './queries/controls-queries.js';
import { DerivedCache } from './queries/derived-cache.js';
import { entryFacets, locateEntry, queryEntries, requireEntry } from './queries/entries-queries.js';
import { parseRef, toEntryRow } from './queries/entry-rows.js';
import { continuityTimelines, exportReport, listExports } from './queries/exports-queries.js';
import { findingDetail, findingGroups, findingsAt, listFindings } from './queries/findings-queries.js';
import { proveInclusion } from './queries/inclusion-proof.js';
import {
  addTrustedKey,
  removeTrustedKey,
  resetResponsibility,
  responsibilityRows,
  setResponsibility,
  trustedKeyring,
  trustedKeyringKeys,
} from './queries/notes-queries.js';
import { DownloadStore } from './downloads.js';
import { UploadStore } from './uploads.js';
import { SEARCH_DB_FILE, searchIndexFresh } from './search-index.js';
import { createEngagement, defaultEngagement, engagementHistory, engagementScope, getEngagement, listEngagements, updateEngagement } from '../core/engagement/engagements.js';
import { voidExport } from '../core/engagement/void-export.js';
import { attachDocument, documentCounts, listDocuments } from '../core/engagement/documents.js';
import type { ExportScope } from './queries/exports-queries.js';
import { frameworkHandlers } from './framework-handlers.js';
import { testingHandlers } from './testing-handlers.js';
import { questionnaireHandlers } from './questionnaire-handlers.js';
import { answerLibraryHandlers } from './answer-library-handlers.js';

export interface ServicesOptions {
  storeDir: string;
  /** The bundled worker; default import-worker.js beside this module. */
  workerScript?: string;
  /** Versions for Help → About (Electron adds its own). */
  versions?: Record<string, string>;
  now?: () => Date;
  /** Who the packages and the custody log name; default the OS user. */
  user?: string;
}

export interface Services {
  handlers: HandlerTable;
  uploads: UploadStore;
  downloads: DownloadStore;
  store: Store;
  jobs: JobRunner;
  /** Resolves when the search index covers the store (after a start-up catch-up, if one was needed). */
  searchReady(): Promise<void>;
  /** Forgets memoized query counts (the benchmark measures each query cold). */
  dropCaches(): void;
  close(): Promise<void>;
}


/** Stands for "the store holds no engagement yet": every view of it is empty. */
const NO_ENGAGEMENT = 0;

/** The bundled worker sits beside the bundle that holds this module (dist/ or dist/electron/). */
export const WORKER_FILE = 'app-import-worker.js';

function defaultWorker(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), WORKER_FILE);
}

function toTrustedKey(k: KeyringKey): TrustedKey {
  return {
    name: k.name,
    publicKey: k.public_key,
    keyId: keyIdHex(k.name, Buffer.from(k.public_key, 'base64')),
    roles: k.roles,
    validFrom: k.valid_from,
    validUntil: k.valid_until,
    revokedAt: k.revoked_at,
  };
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  const store = openStore(options.storeDir);
  /** Store-wide values (the search-index probe, the start-up catch-up); views read per engagement. */
  const cache = new DerivedCache(store);
  const engagementCaches = new Map<number, DerivedCache>();
  const uploads = new UploadStore(path.join(store.dir, 'uploads'));
  const downloads = new DownloadStore(path.join(store.dir, 'downloads'));
  const now = options.now ?? (() => new Date());
  const user = options.user ?? os.userInfo().username;
  // The search index (derived, beside the store) is read through this same connection.
  const search = { fresh: searchIndexFresh(store.dir), waiters: [] as (() => void)[] };
  store.db.prepare('ATTACH DATABASE ? AS si').run(path.join(store.dir, SEARCH_DB_FILE));
  const jobs = new JobRunner(options.workerScript ?? defaultWorker(), () => {
    invalidate();
    search.fresh = searchIndexFresh(store.dir);
    if (search.fresh) for (const w of search.waiters.splice(0)) w();
  });
  cache.setIndexProbe(() => search.fresh);
  if (!search.fresh) jobs.startIndex(store.dir);

  function invalidate(): void {
    cache.invalidate();
    for (const c of engagementCaches.values()) c.invalidate();
  }

  /**
   * The engagement a call reads: the one named, else the store's only one (never a guess among
   * several); NO_ENGAGEMENT for an empty store, whose views are empty.
   */
  function engagementOf(id: string | undefined): number {
    if (id !== undefined) return Number(getEngagement(store.db, id).id);
    if (listEngagements(store.db).length === 0) return NO_ENGAGEMENT;
    return defaultEngagement(store.db);
  }

  function needEngagement(id: string | undefined): number {
    const n = engagementOf(id);
    if (n === NO_ENGAGEMENT) throw new ApiFailure('BAD_ARGUMENTS', 'there is no engagement yet: import an export or create an engagement first');
    return n;
  }

  function scopeOf(n: number): { exportRefs: number[]; voidedRefs: number[]; period: { from: string; to: string } | null } {
    return n === NO_ENGAGEMENT ? { exportRefs: [], voidedRefs: [], period: null } : engagementScope(store.db, n);
  }

  /** The derived values of one engagement's scope (its non-voided, current exports). */
  function scoped(id: string | undefined): DerivedCache {
    const n = engagementOf(id);
    let c = engagementCaches.get(n);
    if (!c) {
      c = new DerivedCache(store, () => ({ exportRefs: scopeOf(n).exportRefs }));
      c.setIndexProbe(() => search.fresh);
      engagementCaches.set(n, c);
    }
    return c;
  }

  function exportScope(id: string | undefined): ExportScope {
    const sc = scopeOf(engagementOf(id));
    return { live: sc.exportRefs, voided: sc.voidedRefs };
  }

  function actor() {
    return { by: user, at: now().toISOString() };
  }

  /** A FileRef as a readable path: uploads only over HTTP, paths only over IPC. */
  function resolveFile(ref: FileRef, ctx: CallContext): string {
    if (ref.kind === 'upload') {
      if (ctx.transport !== 'http') throw new ApiFailure('FORBIDDEN', 'uploads exist only under crosscheck serve');
      return uploads.resolve(ref.id);
    }
    // A browser page must never name files on this machine; the desktop app gets paths from dialogs.
    if (ctx.transport !== 'ipc') throw new ApiFailure('FORBIDDEN', 'a browser cannot import by path; upload the file');
    return path.resolve(ref.path);
  }

  function readText(file: string, what: string): string {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new ApiFailure('NOT_FOUND', `cannot read the ${what}: ${(e as Error).message}`);
    }
  }

  function addKeyring(text: string): number {
    const keyring = parseKeyring(text);
    const at = now().toISOString();
    const tx = store.db.transaction(() => {
      for (const k of keyring.keys) addTrustedKey(store, keyIdHex(k.name, Buffer.from(k.public_key, 'base64')), k, at);
    });
    tx();
    return keyring.keys.length;
  }

  /** Where an exported file goes: the desktop app's chosen path, or a one-time download under serve. */
  function destination(dest: { kind: 'path'; path: string } | undefined, name: string, ctx: CallContext): { path: string; downloadId: string | null } {
    if (ctx.transport === 'ipc') {
      if (!dest) throw new ApiFailure('BAD_ARGUMENTS', 'choose where to save the file');
      return { path: path.resolve(dest.path), downloadId: null };
    }
    if (dest) throw new ApiFailure('FORBIDDEN', 'a browser cannot write files on this machine; the file is offered as a download');
    const d = downloads.reserve(name);
    return { path: d.path, downloadId: d.id };
  }

  /** What a caller may see of a written file: a browser never learns paths on this machine. */
  function shown(file: ExportedFile, downloadId: string | null): ExportedFile {
    return downloadId === null ? file : { ...file, path: null, downloadId };
  }


  const handlers: HandlerTable = {
    'app.info': (_a, ctx) => ({
      name: 'Crosscheck',
      version: APP_VERSION,
      transport: ctx.transport,
      storeDir: store.dir,
      versions: { node: process.versions.node, sqlite: String((store.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v), ...options.versions },
    }),

    'engagements.list': () => listEngagements(store.db),
    'engagements.get': (a) => ({ engagement: getEngagement(store.db, a.engagementId), history: engagementHistory(store.db, a.engagementId) }),
    'engagements.create': (a) => {
      const e = createEngagement(
        store.db,
        {
          name: a.name,
          ...(a.orgIds ? { orgIds: a.orgIds } : {}),
          ...(a.periodFrom !== undefined ? { periodFrom: a.periodFrom } : {}),
          ...(a.periodTo !== undefined ? { periodTo: a.periodTo } : {}),
          ...(a.frameworks ? { frameworks: a.frameworks } : {}),
        },
        actor(),
      );
      invalidate();
      return e;
    },
    'engagements.update': (a) => {
      const { engagementId, ...patch } = a;
      const e = updateEngagement(store.db, engagementId, patch, actor());
      invalidate();
      return e;
    },

    'exports.list': (a) => listExports(store, exportScope(a.engagementId)),
    'exports.report': (a) => exportReport(store, a.exportRef, exportScope(a.engagementId)),
    'exports.continuity': (a) => continuityTimelines(store, exportScope(a.engagementId)),
    'exports.void': (a) => {
      const sc = exportScope(a.engagementId);
      if (!sc.live.includes(Number(a.exportRef)) && !sc.voided.includes(Number(a.exportRef))) throw new ApiFailure('NOT_FOUND', `no export #${a.exportRef} in this engagement`);
      voidExport(store.db, Number(a.exportRef), a.reason, actor());
      invalidate();
      const shown = listExports(store, exportScope(a.engagementId)).find((x) => x.exportRef === a.exportRef);
      if (!shown) throw new ApiFailure('INTERNAL', `export #${a.exportRef} vanished while being voided`);
      return shown;
    },

    'keys.list': () => trustedKeyringKeys(store).map((k) => toTrustedKey(k.key)),
    'keys.add': (a, ctx) => {
      let text = a.keyring;
      if (a.file) text = readText(resolveFile(a.file, ctx), 'keyring');
      if (!text) throw new ApiFailure('BAD_ARGUMENTS', 'give the keyring as text or as a file');
      addKeyring(text);
      return trustedKeyringKeys(store).map((k) => toTrustedKey(k.key));
    },
    'keys.remove': (a) => {
      if (!removeTrustedKey(store, a.keyId, a.name)) throw new ApiFailure('NOT_FOUND', `no trusted key ${a.name} (${a.keyId})`);
      return trustedKeyringKeys(store).map((k) => toTrustedKey(k.key));
    },

    'imports.start': (a, ctx) => {
      const bundlePath = resolveFile(a.bundle, ctx);
      if (a.keyring) addKeyring(readText(resolveFile(a.keyring, ctx), 'keyring'));
      // Resolved once, here: the import verifies with exactly these bytes and records them as they are.
      const keyring = trustedKeyring(store);
      if (keyring === null) {
        throw new ApiFailure('KEYRING_INVALID', 'no trusted keys: add the keyring you received out of band, then import');
      }
      const cleanup = () => {
        if (a.bundle.kind === 'upload') uploads.remove(a.bundle.id);
        if (a.keyring?.kind === 'upload') uploads.remove(a.keyring.id);
      };
      // A mistyped engagement fails before the upload is read.
      const engagementId = a.engagementId !== undefined ? Number(getEngagement(store.db, a.engagementId).id) : undefined;
      const originalName = a.fileName ?? (a.bundle.kind === 'path' ? path.basename(a.bundle.path) : undefined);
      return jobs.startImport(
        {
          storeDir: store.dir,
          bundlePath,
          keyring,
          user,
          ...(engagementId !== undefined ? { engagementId } : {}),
          ...(originalName !== undefined ? { originalName } : {}),
        },
        cleanup,
      );
    },
    'jobs.get': (a) => jobs.get(a.jobId),
    'jobs.list': () => jobs.list(),
    'jobs.cancel': (a) => jobs.cancel(a.jobId),

    'entries.facets': (a) => entryFacets(store, scoped(a.engagementId)),
    'entries.query': (a) => queryEntries(store, scoped(a.engagementId), a.filter, a.offset, a.limit),
    'entries.locate': (a) => {
      const { logId, pos } = parseRef(a.ref);
      return locateEntry(store, scoped(a.engagementId), a.filter, logId, pos);
    },
    'entries.get': (a) => {
      const cache = scoped(a.engagementId);
      const { logId, pos } = parseRef(a.ref);
      if (!cache.exportOf(logId, pos)) throw new ApiFailure('NOT_FOUND', `no entry ${a.ref} in this engagement`);
      const stored = requireEntry(store, logId, pos);
      const row = toEntryRow(stored, cache);
      const leaf = store.prepare<[number, number], { leaf_hash: Buffer }>('SELECT leaf_hash FROM entries WHERE id = ((? << 40) + ?)').get(logId, pos)!.leaf_hash;
      const text = stored.line.toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      const prev = typeof (parsed as { prev?: unknown } | null)?.prev === 'string' ? (parsed as { prev: string }).prev : '';
      let proof = null;
      let proofError: string | null = null;
      const log = cache.log(logId);
      const exp = cache.exportOf(logId, pos);
      if (!log || log.kind !== 'origin' || !exp || !exp.trusted) {
        proofError = 'This line belongs to an export that was not accepted (it is kept for the record only), so it is in no verified tree.';
      } else {
        const x = store
          .prepare<[number], { tree_size: number; tree_root: string }>('SELECT tree_size, tree_root FROM exports WHERE id = ?')
          .get(exp.ref)!;
        const cp = store.prepare<[number], { bytes: Buffer }>("SELECT bytes FROM export_files WHERE export_ref = ? AND name = 'checkpoint'").get(exp.ref);
        try {
          proof = proveInclusion(store, cache, {
            logId,
            pos,
            leafHash: leaf,
            treeSize: x.tree_size,
            root: x.tree_root,
            checkpoint: cp ? cp.bytes.toString('utf8') : null,
          });
        } catch (e) {
          proofError = `No proof: ${(e as Error).message}`;
        }
      }
      const findings = row.findingCount > 0 ? findingsAt(store, cache, logId, row.seq) : [];
      return { row, line: text, leafHash: leaf.toString('hex'), prev, parsed, proof, proofError, findings };
    },

    'findings.groups': (a) => findingGroups(store, scoped(a.engagementId), a.by, a.exportRef),
    'findings.get': (a) => findingDetail(store, scoped(a.engagementId), a.findingId),
    'findings.list': ({ engagementId, ...q }) => listFindings(store, scoped(engagementId), q),

    'agents.list': (a) => listAgents(store, scoped(a.engagementId)),
    'agents.get': (a) => agentDetail(store, scoped(a.engagementId), a.agentId),

    'controls.coverage': (a) => {
      const n = engagementOf(a.engagementId);
      const framework = a.framework ?? 'soc2';
      return controlsCoverage(store, scoped(a.engagementId), framework, n === NO_ENGAGEMENT ? {} : documentCounts(store.db, n, framework));
    },
    'documents.list': (a) => {
      const n = engagementOf(a.engagementId);
      return n === NO_ENGAGEMENT ? [] : listDocuments(store.db, n);
    },
    'documents.attach': (a, ctx) => {
      const n = needEngagement(a.engagementId);
      const file = resolveFile(a.file, ctx);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new ApiFailure('NOT_FOUND', `cannot read the document: ${(e as Error).message}`);
      }
      const doc = attachDocument(
        store.db,
        { engagementId: n, framework: a.framework ?? 'soc2', controlId: a.controlId, fileName: a.fileName ?? path.basename(file), bytes, ...(a.note !== undefined ? { note: a.note } : {}) },
        actor(),
      );
      if (a.file.kind === 'upload') uploads.remove(a.file.id);
      return doc;
    },

    'packages.list': (a) => {
      const names = agentNames(store.db);
      const engagementId = engagementOf(a.engagementId);
      return listPackages(store.db, { ...(a.agentId !== undefined ? { agentId: a.agentId } : {}), ...(a.org !== undefined ? { org: a.org } : {}), engagementId }).map((r) => ({
        ...r,
        agentName: r.agent_id === null ? null : (names.get(r.agent_id) ?? null),
      }));
    },
    'packages.generate': (a) => {
      const engagementId = needEngagement(a.engagementId);
      const e = getEngagement(store.db, engagementId);
      const sc = engagementScope(store.db, engagementId);
      if (a.org === true && e.orgs.length > 1) {
        throw new ApiFailure('BAD_ARGUMENTS', `engagement "${e.name}" covers ${e.orgs.length} organisations; an organisation package covers one`);
      }
      const exportRefs = sc.exportRefs;
      const from = a.from ?? sc.period?.from;
      const to = a.to ?? sc.period?.to;
      return jobs.startPackage({
        mode: 'package',
        storeDir: store.dir,
        engagementId,
        scope: a.agentId !== undefined ? { kind: 'agent', agentId: a.agentId, exportRefs } : { kind: 'org', ...(e.orgs[0] ? { orgId: e.orgs[0].orgId } : {}), exportRefs },
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        generatedAt: now().toISOString(),
        generatedBy: user,
        ...(a.framework !== undefined ? { frameworks: a.framework } : {}),
      });
    },
    // Package errors are CrosscheckErrors: dispatch answers them with their contract code.
    'packages.get': (a) => {
      const { record, doc } = getPackage(store.db, a.packageId);
      return { record, doc, custody: listCustody(store.db, { subject: record.id }), versions: packageVersions(store.db, record) };
    },
    'packages.diff': (a) => diffPackages(store.db, a.fromId, a.toId),
    'packages.export': (a, ctx) => {
      // Only the record names the file; the export job reads and checks the body itself.
      const record = getPackageRecord(store.db, a.packageId);
      const out = destination(a.dest, exportFileName(record, a.format), ctx);
      const settle = (r: PackageJobResult): PackageJobResult => (r.file === null ? r : { ...r, file: shown(r.file, out.downloadId) });
      const drop = (end: JobStatus) => {
        if (end.state === 'done') return;
        // A failed or cancelled export leaves no half-written file behind.
        rmSync(out.path, { force: true });
        if (out.downloadId !== null) downloads.remove(out.downloadId);
      };
      return jobs.startPackageExport({ mode: 'package-export', storeDir: store.dir, packageId: record.id, format: a.format, outPath: out.path, generatedBy: user }, settle, drop);
    },

    'custody.list': (a) => listCustody(store.db, a.limit !== undefined ? { limit: a.limit } : {}),
    'custody.verify': () => verifyCustody(store.db),

    'auditorKey.get': () => {
      if (!existsSync(path.join(store.dir, AUDITOR_KEY_FILE))) return { name: user, keyId: '', publicKeyText: '', exists: false };
      const key = loadOrCreateAuditorKey(store.dir, user);
      return { name: key.name, keyId: key.keyId, publicKeyText: publicKeyText(key), exists: true };
    },
    'auditorKey.export': (a, ctx) => {
      const key = loadOrCreateAuditorKey(store.dir, user);
      const text = publicKeyText(key);
      const out = destination(a.dest, `crosscheck-auditor-key-${key.keyId}.pub.json`, ctx);
      writeFileSync(out.path, text);
      const file: ExportedFile = {
        name: path.basename(out.path),
        bytes: statSync(out.path).size,
        sha256: createHash('sha256').update(text).digest('hex'),
        path: out.path,
        downloadId: null,
      };
      return shown(file, out.downloadId);
    },

    ...frameworkHandlers({ db: store.db, engagementOf, needEngagement, resolveFile, actor, dropUpload: (id) => uploads.remove(id) }),
    ...testingHandlers({
      store,
      uploads,
      needEngagement,
      actor,
      resolveFile,
      destination,
      shown,
      entryDetail: (ref, engagementId) => handlers['entries.get']({ ref, engagementId }, { transport: 'ipc' }),
    }),

    'responsibility.get': (a) => responsibilityRows(store, engagementOf(a.engagementId)),
    'responsibility.set': (a) => {
      const n = needEngagement(a.engagementId);
      setResponsibility(store, n, a.criterion, a.layer, a.text, a.notes, now().toISOString());
      return responsibilityRows(store, n);
    },
    'responsibility.reset': (a) => {
      const n = needEngagement(a.engagementId);
      resetResponsibility(store, n, a.criterion, a.layer);
      return responsibilityRows(store, n);
    },
    ...questionnaireHandlers({ store, uploads, engagementOf, needEngagement, resolveFile, destination, shown, actor }),
    ...answerLibraryHandlers(store.db, actor),
  };

  return {
    handlers,
    uploads,
    downloads,
    store,
    jobs,
    dropCaches: () => {
      cache.forget(['count:', 'fts-count:']);
      for (const c of engagementCaches.values()) c.forget(['count:', 'fts-count:']);
    },
    searchReady: () => (search.fresh ? Promise.resolve() : new Promise<void>((resolve) => search.waiters.push(resolve))),
    async close() {
      jobs.cancelAll();
      store.close();
    },
  };
}
