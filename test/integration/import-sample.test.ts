import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Keyring } from '../../shared/format/export-types.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import {
  exportDetail,
  exportFile,
  listExports,
  listOrigins,
} from '../../electron/services/queries/exports-queries.js';
import { exportLines } from '../../electron/services/queries/export-lines.js';
import { queryEntries } from '../../electron/services/queries/entries-queries.js';
import { listFindings } from '../../electron/services/queries/findings-queries.js';
import { DerivedCache } from '../../electron/services/queries/derived-cache.js';
import type { EntryFilter } from '../../shared/api/contract.js';
import { createContinuityView } from '../../electron/core/store/continuity.js';
import { merkleRoot, leafHash } from '../../electron/core/merkle/merkle.js';
import { zipFolder } from '../../electron/core/producer/zip-bundle.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';

const keyring = JSON.parse(readFileSync(SAMPLE_KEYRING, 'utf8')) as Keyring;
const sampleLines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').slice(0, -1);
const ORIGIN = 'audit.tailspin.example/log/fa0deae3-3060-4e8a-b1c6-696fa93425ca';
const FIXED = () => new Date('2026-04-01T00:00:00.000Z');

const temps: string[] = [];
const stores: Store[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}
function freshStore(): Store {
  const s = openStore(tempDir('cc-import-'));
  stores.push(s);
  return s;
}
/** A writable copy of the sample bundle, for tampering. */
function sampleCopy(): string {
  const d = path.join(tempDir('cc-bundle-'), 'bundle');
  cpSync(SAMPLE_BUNDLE, d, { recursive: true });
  for (const f of ['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json'])
    chmodSync(path.join(d, f), 0o644);
  chmodSync(d, 0o755);
  return d;
}
function count(store: Store, table: string): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

afterEach(() => {
  while (stores.length) stores.pop()!.close();
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

describe('importBundle with the public sample', () => {
  it('records a reproducible archive digest: the ZIP file itself, or a sha256sum listing of the folder', async () => {
    const listing = ['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json']
      .map(
        (f) =>
          `${createHash('sha256')
            .update(readFileSync(path.join(SAMPLE_BUNDLE, f)))
            .digest('hex')}  ${f}\n`,
      )
      .join('');
    const store = freshStore();
    const dir = await importBundle(store, SAMPLE_BUNDLE, { keyring });
    expect(exportDetail(store, dir.exportRef, null)!.provenance).toMatchObject({
      container: 'directory',
      archiveSha256: createHash('sha256').update(listing).digest('hex'),
    });

    const zip = path.join(tempDir('cc-zip-'), 'sample.zip');
    await zipFolder(
      SAMPLE_BUNDLE,
      ['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json'],
      zip,
      {
        mtime: new Date('2026-03-18T12:00:00Z'),
      },
    );
    const other = freshStore();
    const z = await importBundle(other, zip, { keyring });
    expect([z.status, z.integrity, z.trusted]).toEqual(['imported', 'VALID', true]);
    expect(exportDetail(other, z.exportRef, null)!.provenance).toMatchObject({
      container: 'zip',
      archiveSha256: createHash('sha256').update(readFileSync(zip)).digest('hex'),
      archiveBytes: readFileSync(zip).length,
      filePath: zip,
    });
    // The folder after the ZIP is the same export: verified, then a no-op.
    expect((await importBundle(other, SAMPLE_BUNDLE, { keyring })).status).toBe('already-imported');
  });

  it('imports it VALID, with provenance, entries, checks and the high-water mark', async () => {
    const store = freshStore();
    const res = await importBundle(store, SAMPLE_BUNDLE, {
      keyring,
      keyringName: 'keyring.json',
      now: FIXED,
    });
    expect(res.status).toBe('imported');
    expect(res.integrity).toBe('VALID');
    expect(res.trusted).toBe(true);
    expect(res.newEntries).toBe(300);
    expect(res.report.integrity.continuity).toBe('first');

    const exp = exportDetail(store, res.exportRef, null)!;
    expect(exp.exportId).toBe('f2b98a0b-0f20-4182-93fd-445116dfc74d');
    expect(exp.origin).toBe(ORIGIN);
    expect(exp.entries).toBe(300);
    expect(exp.treeRoot).toBe('033ec2d8d989e8c085699c5f524d3364198644d65bb4cf84ef99e3cbf97b10c4');
    expect(exp.computedRoot).toBe(exp.treeRoot);
    expect(exp.provenance.container).toBe('directory');
    expect(exp.provenance.archiveSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(exp.provenance.keyringName).toBe('keyring.json');
    expect(exp.provenance.osUser.length).toBeGreaterThan(0);
    expect(exp.importedAt).toBe('2026-04-01T00:00:00.000Z');
    expect(exp.checks.map((c) => c.id)).toEqual(res.report.integrity.checks.map((c) => c.id));
    expect(exportDetail(store, 'f2b98a0b-0f20-4182-93fd-445116dfc74d', null)?.exportRef).toBe(
      String(res.exportRef),
    );
    expect(listExports(store, null)).toHaveLength(1);
    expect(exportFile(store, res.exportRef, 'checkpoint')).toEqual(
      readFileSync(path.join(SAMPLE_BUNDLE, 'checkpoint')),
    );

    // Every line is stored byte for byte with its leaf hash.
    const page = exportLines(store, res.exportRef, undefined, 1000);
    expect(page.rows).toHaveLength(300);
    page.rows.forEach((r, i) => {
      expect(r.pos).toBe(i);
      expect(r.seq).toBe(i);
      expect(r.line.toString('utf8')).toBe(sampleLines[i]);
      expect(r.leafHash).toBe(leafHash(Buffer.from(sampleLines[i]!, 'utf8')).toString('hex'));
    });
    const at36 = exportLines(store, res.exportRef, 35, 1).rows[0]!;
    expect(at36.pos).toBe(36);
    expect((JSON.parse(at36.line.toString('utf8')) as { id: string }).id).toBe(
      'c1da7463-83a3-4f11-9695-17529e865748',
    );

    // Parsed columns answer the UI's filters (counts from expected-summary.json).
    const cache = new DerivedCache(store);
    const all = (f: Omit<EntryFilter, 'exportRef'> & { exportRef: number }) =>
      queryEntries(store, cache, { ...f, exportRef: String(f.exportRef) }, 0, 10_000).total;
    expect(all({ exportRef: res.exportRef, actionType: 'connector.called' })).toBe(183);
    expect(all({ exportRef: res.exportRef, verdict: 'DENY' })).toBe(5);
    expect(all({ exportRef: res.exportRef, verdict: 'ESCALATE' })).toBe(18);
    expect(all({ exportRef: res.exportRef, status: 'escalated' })).toBe(18);
    expect(all({ exportRef: res.exportRef, text: '85EB78D2-31aa' })).toBeGreaterThanOrEqual(1);
    expect(all({ exportRef: res.exportRef, text: 'hosts:get' })).toBeGreaterThanOrEqual(1);
    expect(all({ exportRef: res.exportRef, text: '100%' })).toBe(0);
    const agent = 'a885339e-c9a6-49e9-885d-9343465ea588';
    const byAgent = queryEntries(
      store,
      cache,
      { exportRef: String(res.exportRef), agentId: agent },
      0,
      10_000,
    ).rows;
    expect(byAgent.length).toBeGreaterThan(0);
    expect(byAgent.every((r) => r.agentId === agent)).toBe(true);
    expect(
      all({ exportRef: res.exportRef, from: '2026-03-18T09:00:00.000Z', to: '2026-03-18T09:59:59.999Z' }),
    ).toBe(
      sampleLines.filter((l) => {
        const ts = (JSON.parse(l) as { ts: string }).ts;
        return ts >= '2026-03-18T09:00:00.000Z' && ts <= '2026-03-18T09:59:59.999Z';
      }).length,
    );

    // Keyset paging walks the whole export without repeats.
    const seen: number[] = [];
    let after: number | undefined;
    for (;;) {
      const p = exportLines(store, res.exportRef, after, 7);
      seen.push(...p.rows.map((r) => r.pos));
      if (p.nextAfterPos === null) break;
      after = p.nextAfterPos;
    }
    expect(seen).toEqual([...Array(300).keys()]);

    expect(listOrigins(store)).toEqual([
      {
        origin: ORIGIN,
        trustedSize: 300,
        trustedRoot: '033ec2d8d989e8c085699c5f524d3364198644d65bb4cf84ef99e3cbf97b10c4',
        updatedAt: '2026-04-01T00:00:00.000Z',
      },
    ]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('serves continuity from what it stored: sizes, leaves, roots at any size, end state', async () => {
    const store = freshStore();
    await importBundle(store, SAMPLE_BUNDLE, { keyring });
    const view = createContinuityView(store);
    try {
      const leaves = sampleLines.map((l) => leafHash(Buffer.from(l, 'utf8')));
      expect(view.storedSize(ORIGIN)).toBe(300);
      expect(view.storedSize('unknown')).toBe(0);
      expect(view.leafHash(ORIGIN, 36)!.toString('hex')).toBe(
        '7783d5131c13b436f0c1be032784b4b9e548cfe2e096e43666e737de1b86c87d',
      );
      expect(view.leafHash(ORIGIN, 300)).toBeNull();
      for (const n of [1, 2, 3, 5, 8, 255, 256, 299, 300])
        expect(view.rootAt(ORIGIN, n)).toEqual(merkleRoot(leaves.slice(0, n)));
      expect(view.rootAt(ORIGIN, 301)).toBeNull();
      expect(view.entryTs(ORIGIN, 0)).toBe('2026-03-18T08:05:18.110Z');
      expect(view.endStateAt(ORIGIN, 300)?.as_of_seq).toBeTypeOf('number');
      expect(view.endStateAt(ORIGIN, 299)).toBeNull();
    } finally {
      view.close();
    }
  });

  it('importing the same export again is a no-op that says so', async () => {
    const store = freshStore();
    const first = await importBundle(store, SAMPLE_BUNDLE, { keyring });
    const before = store.db.prepare('SELECT count(*) AS n, total(length(line)) AS b FROM entries').get();
    const again = await importBundle(store, SAMPLE_BUNDLE, { keyring });
    expect(again.status).toBe('already-imported');
    expect(again.exportRef).toBe(first.exportRef);
    expect(again.newEntries).toBe(0);
    expect(again.message).toMatch(/already in the store/);
    expect(store.db.prepare('SELECT count(*) AS n, total(length(line)) AS b FROM entries').get()).toEqual(
      before,
    );
    expect(count(store, 'imports')).toBe(1);
    expect(count(store, 'exports')).toBe(1);

    // The same export in another container (a plain copy of the folder) is verified, then a no-op.
    const copy = sampleCopy();
    const third = await importBundle(store, copy, { keyring });
    expect(third.status).toBe('already-imported');
    expect(third.report.integrity.status).toBe('VALID');
    expect(count(store, 'exports')).toBe(1);
    expect(count(store, 'entries')).toBe(300);
  });

  it('an INVALID export is recorded for the auditor but never joins the accepted log', async () => {
    const store = freshStore();
    const dir = sampleCopy();
    const lines = [...sampleLines];
    lines[100] = lines[100]!.replace('"duration_ms":', '"duration_ms":1');
    writeFileSync(path.join(dir, 'entries.jsonl'), lines.map((l) => `${l}\n`).join(''));
    const res = await importBundle(store, dir, { keyring });
    expect(res.status).toBe('imported');
    expect(res.integrity).toBe('INVALID');
    expect(res.trusted).toBe(false);
    expect(listOrigins(store)[0]?.trustedSize ?? 0).toBe(0);
    const exp = exportDetail(store, res.exportRef, null)!;
    expect(exp.trusted).toBe(false);
    const rows = exportLines(store, res.exportRef, undefined, 1000).rows;
    expect(rows).toHaveLength(300);
    expect(rows[100]!.line.toString('utf8')).toBe(lines[100]);
    expect(
      listFindings(store, new DerivedCache(store), { exportRef: String(res.exportRef) }).some(
        (f) => f.kind === 'file_digest_mismatch' || f.kind === 'root_mismatch',
      ),
    ).toBe(true);
    const view = createContinuityView(store);
    expect(view.storedSize(ORIGIN)).toBe(0);
    view.close();

    // The genuine export afterwards is still the origin's first (trust on first use is not poisoned).
    const good = await importBundle(store, SAMPLE_BUNDLE, { keyring });
    expect(good.integrity).toBe('VALID');
    expect(good.report.integrity.continuity).toBe('first');
    expect(good.trusted).toBe(true);
    expect(listOrigins(store)[0]!.trustedSize).toBe(300);
    expect(exportLines(store, good.exportRef, undefined, 1000).rows[100]!.line.toString('utf8')).toBe(
      sampleLines[100],
    );
  });

  it('an UNVERIFIABLE export (keyring without the keys) is quarantined too', async () => {
    const store = freshStore();
    const res = await importBundle(store, SAMPLE_BUNDLE, { keyring: { keys: [] } });
    expect(res.integrity).toBe('UNVERIFIABLE');
    expect(res.trusted).toBe(false);
    expect(listOrigins(store)[0]?.trustedSize ?? 0).toBe(0);
    expect(exportLines(store, res.exportRef, undefined, 1000).rows).toHaveLength(300);
    expect(
      listFindings(store, new DerivedCache(store), {
        exportRef: String(res.exportRef),
        kind: 'key_unverifiable',
      }).length,
    ).toBeGreaterThan(0);
  });
});
