/**
 * The checklist's admin-actor item on a signed export whose platform recorded an administrative
 * action as taken by the system: the sample's entries re-signed by a test producer, the last one
 * changed before hashing (so the export is VALID and the trail itself shows the defect).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/format/jcs.js';
import type { Manifest } from '../../shared/format/export-types.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { writeBundle } from '../../electron/core/producer/bundle-writer.js';
import { buildKeyring, deriveSigningKey } from '../../electron/core/producer/keys.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { ADMIN_ACTIONS, evaluateChecklist } from '../../electron/core/checklist/checklist.js';
import { SAMPLE_BUNDLE } from '../support/paths.js';

const lines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').slice(0, -1);
const manifest = JSON.parse(
  Buffer.from(
    (JSON.parse(readFileSync(path.join(SAMPLE_BUNDLE, 'manifest.dsse.json'), 'utf8')) as { payload: string })
      .payload,
    'base64',
  ).toString('utf8'),
) as Manifest;
const logKey = deriveSigningKey('checklist-actor', 'test-log');
const exportKey = deriveSigningKey('checklist-actor', 'test-export');
const keyring = buildKeyring([
  { key: logKey, roles: ['log'], validFrom: '2020-01-01T00:00:00.000Z' },
  { key: exportKey, roles: ['export'], validFrom: '2020-01-01T00:00:00.000Z' },
]);

let root: string;
const stores: Store[] = [];

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cc-checklist-actor-'));
});
afterAll(() => {
  for (const s of stores) s.close();
  rmSync(root, { recursive: true, force: true });
});

/** A store holding the sample's entries 0..last, the last one edited by `edit` before it is hashed and signed. */
async function storeWith(
  last: number,
  edit: (e: Record<string, unknown>) => Record<string, unknown>,
): Promise<Store> {
  const dir = path.join(root, `b-${last}-${stores.length}`);
  const seg = lines.slice(0, last + 1);
  seg[last] = canonicalize(edit(JSON.parse(seg[last]!) as Record<string, unknown>));
  writeBundle({
    dir,
    lines: seg,
    frontier: { size: 0, hashes: [] },
    fields: {
      export_id: `00000000-0000-4000-8000-${String(stores.length + 1).padStart(12, '0')}`,
      origin: manifest.origin,
      org: manifest.org,
      platform: manifest.platform,
      created_at: '2026-03-18T12:00:00.000Z',
      period: {
        from: (JSON.parse(seg[0]!) as { ts: string }).ts,
        to: (JSON.parse(seg[last]!) as { ts: string }).ts,
      },
      previous_export: null,
      heartbeat_seconds: manifest.heartbeat_seconds,
    },
    state: JSON.parse(readFileSync(path.join(SAMPLE_BUNDLE, 'state.json'), 'utf8')),
    logKeys: [logKey],
    exportKeys: [exportKey],
  });
  const store = openStore(path.join(root, `store-${stores.length}`));
  stores.push(store);
  const r = await importBundle(store, dir, { keyring });
  expect(r.trusted).toBe(true);
  return store;
}

describe('checklist: admin actions need an authenticated user', () => {
  const last = lines.findIndex(
    (l, i) => i >= 20 && ADMIN_ACTIONS.includes((JSON.parse(l) as { action_type: string }).action_type),
  );

  it('passes when every administrative action is by a user', async () => {
    const s = await storeWith(last, (e) => e);
    const item = evaluateChecklist(s.db, 1).items.find((i) => i.id === 'admin-authenticated')!;
    expect(item.status).toBe('pass');
    expect(item.evidence[0]).toMatch(/by actor type: user \d+$/);
  });

  it('fails, naming the entry, when the platform recorded one as taken by the system', async () => {
    const s = await storeWith(last, (e) => ({ ...e, actor: { type: 'system', id: 'platform' } }));
    const item = evaluateChecklist(s.db, 1).items.find((i) => i.id === 'admin-authenticated')!;
    expect(item.status).toBe('fail');
    expect(item.evidence.join(' ')).toMatch(
      new RegExp(`first by a non-user actor: [a-z_.]+ at seq ${last} \\(system\\)`),
    );
  });
});
