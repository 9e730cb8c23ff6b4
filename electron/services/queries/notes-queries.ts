/** The auditor's own records in the store's `notes` table: responsibility cells and trusted keys. */
import type { Note, ResponsibilityCell, ResponsibilityLayer, ResponsibilityRow } from '../../../shared/api/view-types.js';
import { defaultResponsibility, RESPONSIBILITY_CRITERIA, RESPONSIBILITY_LAYERS } from '../../../shared/controls/responsibility.js';
import { compareCriteria, CRITERION_TITLES } from '../../../shared/controls/soc2.js';
import type { KeyringKey } from '../../../shared/format/export-types.js';
import type { Store } from '../../core/store/store.js';
import { osUser } from '../../core/os-user.js';
import { StoreError } from '../../core/store/store-errors.js';
import { keyringRecord, type KeyringRecord } from '../../core/keyring/keyring-record.js';

/** Responsibility notes are the auditor's per engagement: one client's notes never show in another's. */
function responsibilityScope(engagementId: number): string {
  return `responsibility/${engagementId}`;
}
const TRUSTED_KEYS = 'trusted-keys';

interface NoteRow {
  key: string;
  note: string;
  updated_at: string;
}

/** Sets (or with an empty text, clears) the auditor's note on one cell of a view. */
export function setNote(store: Store, scope: string, key: string, note: string, by: string, at: Date = new Date()): void {
  // On a connection that is inside an import's transaction the note would share its fate.
  if (store.importing) throw new StoreError('STORE_BUSY', 'an import is running on this connection; save the note when it has finished');
  if (note === '') {
    store.prepare('DELETE FROM notes WHERE scope = ? AND key = ?').run(scope, key);
    return;
  }
  store
    .prepare(
      'INSERT INTO notes (scope, key, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
    )
    .run(scope, key, note, at.toISOString(), by);
}

/** Every note of a view, by key. */
export function listNotes(store: Store, scope: string): Note[] {
  return store
    .prepare<[string], NoteRow & { updated_by: string }>('SELECT key, note, updated_at, updated_by FROM notes WHERE scope = ? ORDER BY key')
    .all(scope)
    .map((r) => ({ scope, key: r.key, note: r.note, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

export function responsibilityRows(store: Store, engagementId: number, extraCriteria: string[] = []): ResponsibilityRow[] {
  const notes = new Map(
    store
      .prepare<[string], NoteRow>('SELECT key, note, updated_at FROM notes WHERE scope = ?')
      .all(responsibilityScope(engagementId))
      .map((n) => [n.key, n]),
  );
  const criteria = [...new Set([...RESPONSIBILITY_CRITERIA, ...extraCriteria, ...[...notes.keys()].map((k) => k.split('/')[0]!)])].sort(compareCriteria);
  return criteria.map((criterion) => {
    const cells = {} as Record<ResponsibilityLayer, ResponsibilityCell>;
    for (const layer of RESPONSIBILITY_LAYERS) {
      const n = notes.get(`${criterion}/${layer}`);
      let saved: { text?: unknown; notes?: unknown } = {};
      if (n) {
        try {
          saved = JSON.parse(n.note) as typeof saved;
        } catch {
          saved = {};
        }
      }
      cells[layer] = {
        criterion,
        layer,
        text: typeof saved.text === 'string' ? saved.text : defaultResponsibility(criterion, layer),
        notes: typeof saved.notes === 'string' ? saved.notes : '',
        edited: n !== undefined,
        updatedAt: n?.updated_at ?? null,
      };
    }
    return { criterion, title: CRITERION_TITLES[criterion] ?? criterion, cells };
  });
}

export function setResponsibility(store: Store, engagementId: number, criterion: string, layer: ResponsibilityLayer, text: string, notes: string, now: string): void {
  setNote(store, responsibilityScope(engagementId), `${criterion}/${layer}`, JSON.stringify({ text, notes }), osUser(), new Date(now));
}

export function resetResponsibility(store: Store, engagementId: number, criterion: string, layer: ResponsibilityLayer): void {
  setNote(store, responsibilityScope(engagementId), `${criterion}/${layer}`, '', osUser());
}

/** The trust store: one note per key, keyed by key ID and name (the key ID binds the name, spec §5). */
export function trustedKeyringKeys(store: Store): { keyId: string; key: KeyringKey }[] {
  return store
    .prepare<[string], NoteRow>('SELECT key, note, updated_at FROM notes WHERE scope = ? ORDER BY key')
    .all(TRUSTED_KEYS)
    .map((n) => ({ keyId: n.key.split('/')[0]!, key: JSON.parse(n.note) as KeyringKey }));
}

/** Name of the keyring an app import verifies with and records: every key in the trust store. */
export const TRUST_STORE_KEYRING = 'trusted keys';

/** The trust store as one keyring, resolved once for an import; null while it holds no key. */
export function trustedKeyring(store: Store): KeyringRecord | null {
  const keys = trustedKeyringKeys(store).map((k) => k.key);
  return keys.length === 0 ? null : keyringRecord({ keys }, TRUST_STORE_KEYRING);
}

export function addTrustedKey(store: Store, keyId: string, key: KeyringKey, now: string): void {
  store
    .prepare(
      'INSERT INTO notes (scope, key, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at',
    )
    .run(TRUSTED_KEYS, `${keyId}/${key.name}`, JSON.stringify(key), now, osUser());
}

export function removeTrustedKey(store: Store, keyId: string, name: string): boolean {
  return store.prepare('DELETE FROM notes WHERE scope = ? AND key = ?').run(TRUSTED_KEYS, `${keyId}/${name}`).changes > 0;
}
