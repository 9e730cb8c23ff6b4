/**
 * The questionnaire methods through the real services and a real store: a workbook added to one
 * engagement is invisible from another, overrides need a reason, a review made on other evidence
 * shows as changed once the evidence changes (a voided export), a bad workbook stores nothing,
 * the filled workbook is custody-logged, and library edits keep every revision.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/api/contract.js';
import type { Result } from '../../shared/api/result.js';
import type { QuestionnaireView } from '../../shared/questionnaire/questionnaire-types.js';
import {
  answerLibrary,
  libraryHistory,
  saveLibraryEntry,
} from '../../electron/core/questionnaire/answer-library.js';
import { sampleWorkbook } from '../../electron/core/questionnaire/sample-workbook.js';
import { listCustody } from '../../electron/core/package/custody.js';
import { dispatch } from '../../electron/services/dispatch.js';
import { createServices, type Services } from '../../electron/services/services.js';
import { demoStore } from '../support/demo-store.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

let dir: string;
let services: Services;
let workbook: string;
const ipc = { transport: 'ipc' as const };

async function call<T>(
  method: MethodName,
  args: unknown,
  ctx: { transport: 'ipc' | 'http' } = ipc,
): Promise<Result<T>> {
  return (await dispatch(services.handlers, method, args, ctx)) as Result<T>;
}
async function value<T>(method: MethodName, args: unknown): Promise<T> {
  const r = await call<T>(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  dir = tempDir('cc-questionnaire-services-');
  const store = demoStore(dir, 'qsvc', 800);
  workbook = path.join(dir, 'customer.xlsx');
  writeFileSync(workbook, await sampleWorkbook('caiq'));
  services = await createServices({
    storeDir: store,
    user: 'reviewer-1',
    now: () => new Date('2026-12-01T10:00:00.000Z'),
  });
}, 120_000);

afterAll(async () => {
  await services.close();
  removeDir(dir);
});

describe('questionnaires.*', () => {
  let q: QuestionnaireView;

  it('adds a workbook to the engagement and answers every question', async () => {
    q = await value<QuestionnaireView>('questionnaires.add', {
      engagementId: '1',
      file: { kind: 'path', path: workbook },
      fileName: 'customer.xlsx',
    });
    expect(q.items).toHaveLength(12);
    expect(q.reviewed).toBe(0);
    expect(q.items.find((i) => i.questionId === 'LOG-09.1')!.final.answer).toBe('yes');
    const list = await value<{ id: string }[]>('questionnaires.list', { engagementId: '1' });
    expect(list.map((x) => x.id)).toEqual([q.id]);
  });

  it('another engagement never sees it; a browser cannot name a path', async () => {
    const other = await value<{ id: string }>('engagements.create', { name: 'Other client' });
    expect(await value('questionnaires.list', { engagementId: other.id })).toEqual([]);
    const r = await call('questionnaires.get', { engagementId: other.id, questionnaireId: q.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const http = await call(
      'questionnaires.add',
      { engagementId: '1', file: { kind: 'path', path: workbook } },
      { transport: 'http' },
    );
    expect(http).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a bad workbook is refused and nothing is stored', async () => {
    const bad = path.join(dir, 'locked.xlsx');
    writeFileSync(bad, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    const r = await call('questionnaires.add', { engagementId: '1', file: { kind: 'path', path: bad } });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_ARGUMENTS',
        message: expect.stringMatching(/password-protected.*nothing was written/),
      },
    });
    expect(await value<unknown[]>('questionnaires.list', { engagementId: '1' })).toHaveLength(1);
  });

  it('an override needs a reason; accepts and overrides are kept with who and when', async () => {
    const noReason = await call('questionnaires.review', {
      engagementId: '1',
      questionnaireId: q.id,
      item: 0,
      action: 'override',
      answer: 'no',
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    await value('questionnaires.review', {
      engagementId: '1',
      questionnaireId: q.id,
      item: 0,
      action: 'accept',
    });
    const v = await value<QuestionnaireView>('questionnaires.review', {
      engagementId: '1',
      questionnaireId: q.id,
      item: 8,
      action: 'override',
      answer: 'yes',
      reason: 'MFA policy document reviewed on site',
    });
    expect(v.reviewed).toBe(2);
    expect(v.items[8]!.final).toMatchObject({ answer: 'yes', overridden: true });
    expect(v.history.map((h) => [h.item, h.action, h.by, h.at])).toEqual([
      [0, 'accept', 'reviewer-1', '2026-12-01T10:00:00.000Z'],
      [8, 'override', 'reviewer-1', '2026-12-01T10:00:00.000Z'],
    ]);
  });

  it('writes the filled workbook where the desktop app chose and records it in the custody log', async () => {
    const dest = path.join(dir, 'filled.xlsx');
    const f = await value<{ path: string; sha256: string }>('questionnaires.export', {
      engagementId: '1',
      questionnaireId: q.id,
      dest: { kind: 'path', path: dest },
    });
    expect(f.path).toBe(dest);
    expect(existsSync(dest)).toBe(true);
    expect(
      listCustody(services.store.db, {}).some(
        (c) => c.action === 'questionnaire.filled' && c.subject === `questionnaire:${f.sha256}`,
      ),
    ).toBe(true);
  });

  it('a review made on other evidence shows as changed once the evidence changes', async () => {
    await value('exports.void', {
      engagementId: '1',
      exportRef: '1',
      reason: 'imported into the wrong engagement',
    });
    const v = await value<QuestionnaireView>('questionnaires.get', {
      engagementId: '1',
      questionnaireId: q.id,
    });
    expect(v.items[0]!.computed.answer).toBe('not_evidenced');
    expect(v.items[0]!.flags).toMatchObject({ changedSinceReview: true, reviewed: false });
    // The MFA answer never rested on the trail: its review still stands.
    expect(v.items[8]!.flags.reviewed).toBe(true);
    expect(v.reviewed).toBe(1);
  });
});

describe('answer library', () => {
  it('keeps every revision of an entry, a built-in edited under its own key', () => {
    const db = services.store.db;
    const actor = { by: 'reviewer-2', at: '2026-12-02T09:00:00.000Z' };
    saveLibraryEntry(
      db,
      {
        key: 'AC-1',
        question: 'Is each agent held to its declared scope?',
        rule: 'AC-1',
        caiq: ['IAM-16.1'],
        sig: ['H.1'],
      },
      actor,
    );
    const e = saveLibraryEntry(
      db,
      {
        key: 'AC-1',
        question: 'Is each agent held to its declared scope?',
        rule: 'AC-1',
        caiq: ['IAM-16.1'],
        sig: ['H.1', 'H.9'],
      },
      { ...actor, at: '2026-12-02T09:05:00.000Z' },
    );
    expect(e).toMatchObject({ source: 'user', revision: 2, sig: ['H.1', 'H.9'], updatedBy: 'reviewer-2' });
    expect(libraryHistory(db, 'AC-1').map((h) => [h.revision, h.at])).toEqual([
      [1, '2026-12-02T09:00:00.000Z'],
      [2, '2026-12-02T09:05:00.000Z'],
    ]);
    expect(answerLibrary(db).filter((x) => x.key === 'AC-1')).toHaveLength(1);
    expect(() => saveLibraryEntry(db, { question: 'Anything?', rule: 'XX-9' }, actor)).toThrow(
      /unknown evidence rule/,
    );
    expect(() => saveLibraryEntry(db, { question: 'Anything?' }, actor)).toThrow(/rule or a fixed answer/);
  });
});
