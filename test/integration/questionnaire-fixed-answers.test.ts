/**
 * A fixed "Yes" from the answer library is held to the evidence like a computed one: the rules it
 * answers for (its key, its CAIQ ids) overturn it on a
 * finding they name or an export that failed verification, and a "Yes" tied to no rule is held
 * to every finding. Real store (a demo export imported by the CLI), real library; the facts are
 * the store's own, with a finding or an INVALID export added where a case needs one.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveLibraryEntry } from '../../electron/core/questionnaire/answer-library.js';
import type { Detection, QuestionRow } from '../../electron/core/questionnaire/detect-columns.js';
import { evidenceFacts } from '../../electron/core/questionnaire/evidence-facts.js';
import { answerItems } from '../../electron/core/questionnaire/fill-questionnaire.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import type { EvidenceFacts } from '../../shared/questionnaire/answer-rules.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { demoStore } from '../support/demo-store.js';

let dir: string;
let store: Store;
const actor = { by: 'grc-1', at: '2026-12-07T10:00:00.000Z' };

function question(id: string | null, text: string): QuestionRow {
  return { sheet: 'Q', row: 2, id, question: text, answer: '', notes: '', answerCol: 3, notesCol: 4 };
}
function answer(q: QuestionRow, facts: EvidenceFacts) {
  const detection: Detection = { layout: 'generic', mappings: [], questions: [q], source: 'explicit' };
  return answerItems(store.db, 1, detection, new Map(), facts)[0]!;
}
function withFinding(facts: EvidenceFacts, kind: string): EvidenceFacts {
  return { ...facts, findings: [...facts.findings, { kind, count: 3, examples: [] }] };
}

beforeAll(() => {
  dir = tempDir('cc-q-fixed-');
  store = openStore(demoStore(dir, 'qfixed', 400));
  saveLibraryEntry(
    store.db,
    {
      key: 'team-mfa',
      question: 'Is MFA enforced for every administrator account?',
      keywords: ['mfa', 'administrator'],
      answer: 'yes',
      narrative: 'MFA is enforced by the IdP.',
    },
    actor,
  );
  saveLibraryEntry(
    store.db,
    {
      key: 'team-logs',
      question: 'Are the agent activity journals kept write-once?',
      keywords: ['journals', 'write-once'],
      caiq: ['LOG-09.1'],
      answer: 'yes',
      narrative: 'Logs are hash-chained.',
    },
    actor,
  );
}, 120_000);

afterAll(() => {
  store.close();
  removeDir(path.resolve(dir));
});

describe('a fixed "Yes" from the library', () => {
  it('stands on clean evidence', () => {
    const facts = evidenceFacts(store.db, 1);
    expect(facts.findings.filter((f) => f.count > 0)).toEqual([]);
    const it = answer(question(null, 'Is MFA enforced for every administrator account?'), facts);
    expect(it.match.entryKey).toBe('team-mfa');
    expect(it.final.answer).toBe('yes');
  });

  it('tied to no rule, it is held to every finding and becomes "partial" with the findings cited', () => {
    const it = answer(
      question(null, 'Is MFA enforced for every administrator account?'),
      withFinding(evidenceFacts(store.db, 1), 'approval_missing'),
    );
    expect(it.final.answer).toBe('partial');
    expect(it.flags.contradicted).toBe(true);
    expect(it.computed.citations.some((c) => c.kind === 'finding' && c.ref === 'approval_missing')).toBe(
      true,
    );
  });

  it('tied to the integrity rule (by its CAIQ id), an INVALID export makes it "No", and the team\'s words follow the evidence', () => {
    const facts = evidenceFacts(store.db, 1);
    const broken = { ...facts, exports: facts.exports.map((e) => ({ ...e, integrity: 'INVALID' as const })) };
    const it = answer(question(null, 'Are the agent activity journals kept write-once?'), broken);
    expect(it.match.entryKey).toBe('team-logs');
    expect(it.final.answer).toBe('no');
    expect(it.computed.narrative.startsWith('The library')).toBe(true);
  });

  it('tied to a rule, with no verified export it is not evidenced', () => {
    const facts = evidenceFacts(store.db, 1);
    const none = { ...facts, exports: facts.exports.map((e) => ({ ...e, trusted: false })) };
    const it = answer(question(null, 'Are the agent activity journals kept write-once?'), none);
    expect(it.match.entryKey).toBe('team-logs');
    expect(it.final.answer).toBe('not_evidenced');
  });
});
