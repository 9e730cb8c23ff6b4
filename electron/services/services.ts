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
import type { ExportedFile, FileRef, JobStatus, PackageJobResult, TrustedKey } from '../../shared/api/view-types.js';
import type { Keyring, KeyringKey } from '../../shared/format/export-types.js';
import { parseKeyring } from '../core/keyring/keyring.js';
import { AUDITOR_KEY_FILE, loadOrCreateAuditorKey, publicKeyText } from '../core/binder/auditor-key.js';
import { listCustody, verifyCustody } from '../core/package/custody.js';
import { diffPackages, getPackage, getPackageRecord, listPackages, PackageRecordError } from '../core/package/records.js';
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
import { entryFacets, queryEntries, requireEntry } from './queries/entries-queries.js';
import { parseRef, toEntryRow } from './queries/entry-rows.js';
import { continuityTimelines, exportReport, listExports } from './queries/exports-queries.js';
import { findingDetail, findingGroups, findingsAt } from './queries/findings-queries.js';
import { proveInclusion } from './queries/inclusion-proof.js';
import {
  addTrustedKey,
  removeTrustedKey,
  resetResponsibility,
  responsibilityRows,
  setResponsibility,
  trustedKeyringKeys,
} from './queries/notes-queries.js';
import { DownloadStore } from './downloads.js';
import { UploadStore } from './uploads.js';
import { SEARCH_DB_FILE, searchIndexFresh } from './search-index.js';

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

const APP_VERSION = '0.1.0';

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
  const cache = new DerivedCache(store);
  const uploads = new UploadStore(path.join(store.dir, 'uploads'));
  const downloads = new DownloadStore(path.join(store.dir, 'downloads'));
  const now = options.now ?? (() => new Date());
  const user = options.user ?? os.userInfo().username;
  // The search index (derived, beside the store) is read through this same connection.
  const search = { fresh: searchIndexFresh(store.dir), waiters: [] as (() => void)[] };
  store.db.prepare('ATTACH DATABASE ? AS si').run(path.join(store.dir, SEARCH_DB_FILE));
  const jobs = new JobRunner(options.workerScript ?? defaultWorker(), () => {
    cache.invalidate();
    search.fresh = searchIndexFresh(store.dir);
    if (search.fresh) for (const w of search.waiters.splice(0)) w();
  });
  cache.searchIndexed = () => search.fresh;
  if (!search.fresh) jobs.startIndex(store.dir);

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

  function packageRecord<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof PackageRecordError) throw new ApiFailure(e.code === 'PACKAGE_NOT_FOUND' ? 'NOT_FOUND' : 'BAD_ARGUMENTS', e.message);
      throw e;
    }
  }

  function currentKeyring(): Keyring {
    return { keys: trustedKeyringKeys(store).map((k) => k.key) };
  }

  const handlers: HandlerTable = {
    'app.info': (_a, ctx) => ({
      name: 'Crosscheck',
      version: APP_VERSION,
      transport: ctx.transport,
      storeDir: store.dir,
      versions: { node: process.versions.node, sqlite: String((store.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v), ...options.versions },
    }),

    'exports.list': () => listExports(store),
    'exports.report': (a) => exportReport(store, a.exportRef),
    'exports.continuity': () => continuityTimelines(store),

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
      const keyring = currentKeyring();
      if (keyring.keys.length === 0) {
        throw new ApiFailure('KEYRING_INVALID', 'no trusted keys: add the keyring you received out of band, then import');
      }
      const cleanup = () => {
        if (a.bundle.kind === 'upload') uploads.remove(a.bundle.id);
        if (a.keyring?.kind === 'upload') uploads.remove(a.keyring.id);
      };
      return jobs.startImport({ storeDir: store.dir, bundlePath, keyring, keyringName: 'trusted keys' }, cleanup);
    },
    'jobs.get': (a) => jobs.get(a.jobId),
    'jobs.list': () => jobs.list(),
    'jobs.cancel': (a) => jobs.cancel(a.jobId),

    'entries.facets': () => entryFacets(store, cache),
    'entries.query': (a) => queryEntries(store, cache, a.filter, a.offset, a.limit),
    'entries.get': (a) => {
      const { logId, pos } = parseRef(a.ref);
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

    'findings.groups': (a) => findingGroups(store, cache, a.by, a.exportRef),
    'findings.get': (a) => findingDetail(store, cache, a.findingId),

    'agents.list': () => listAgents(store, cache),
    'agents.get': (a) => agentDetail(store, cache, a.agentId),

    'controls.coverage': () => controlsCoverage(store, cache),

    'packages.list': (a) => {
      const names = agentNames(store.db);
      return listPackages(store.db, a).map((r) => ({ ...r, agentName: r.agent_id === null ? null : (names.get(r.agent_id) ?? null) }));
    },
    'packages.generate': (a) =>
      jobs.startPackage({
        mode: 'package',
        storeDir: store.dir,
        scope: a.agentId !== undefined ? { kind: 'agent', agentId: a.agentId } : { kind: 'org' },
        ...(a.from !== undefined ? { from: a.from } : {}),
        ...(a.to !== undefined ? { to: a.to } : {}),
        generatedAt: now().toISOString(),
        generatedBy: user,
      }),
    'packages.get': (a) =>
      packageRecord(() => {
        const { record, doc } = getPackage(store.db, a.packageId);
        const versions = listPackages(store.db, record.agent_id !== null ? { agentId: record.agent_id } : { org: true }).filter((r) => r.scope === record.scope);
        return { record, doc, custody: listCustody(store.db, { subject: record.id }), versions };
      }),
    'packages.diff': (a) => packageRecord(() => diffPackages(store.db, a.fromId, a.toId)),
    'packages.export': (a, ctx) => {
      // Only the record names the file; the export job reads and checks the body itself.
      const record = packageRecord(() => getPackageRecord(store.db, a.packageId));
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

    'responsibility.get': () => responsibilityRows(store),
    'responsibility.set': (a) => {
      setResponsibility(store, a.criterion, a.layer, a.text, a.notes, now().toISOString());
      return responsibilityRows(store);
    },
    'responsibility.reset': (a) => {
      resetResponsibility(store, a.criterion, a.layer);
      return responsibilityRows(store);
    },
  };

  return {
    handlers,
    uploads,
    downloads,
    store,
    jobs,
    dropCaches: () => cache.forget(['count:', 'fts-count:']),
    searchReady: () => (search.fresh ? Promise.resolve() : new Promise<void>((resolve) => search.waiters.push(resolve))),
    async close() {
      jobs.cancelAll();
      store.close();
    },
  };
}
