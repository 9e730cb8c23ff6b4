/**
 * Testing a drawn sample in the store: the workpaper kept as drawn, the tester's pass / exception
 * per sampled item and attribute (append-only; the latest counts), findings on a sampled item
 * prefilled as an exception, and each conclusion an immutable version hashed into the custody log.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../../../shared/format/jcs.js';
import { concludeControl, type ControlConclusion } from '../../../shared/sampling/conclusion.js';
import { NO_FINDING } from '../../../shared/sampling/populations.js';
import {
  TESTED_WORKPAPER_FORMAT,
  type TestedWorkpaper,
  type TestingSheet,
  type TestResult,
  type Workpaper,
  type WorkpaperSummary,
} from '../../../shared/sampling/workpaper-types.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { appendCustody } from '../package/custody.js';
import { getEngagement, type Actor } from '../engagement/engagements.js';
import { recordWorkpaper } from './workpaper.js';

type Db = BetterSqlite3.Database;

/** Who a prefilled result is from: the verification, not a person. */
export const PREFILL_TESTER = 'crosscheck (findings)';

interface WorkpaperRow {
  id: number;
  engagement_id: number;
  sha256: string;
  body: string;
  drawn_at: string;
  drawn_by: string;
}

function hasTables(db: Db): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workpapers'").get() !== undefined
  );
}

/** Keeps a drawn workpaper in the store (and its hash in the custody log), prefilling an exception on every item with a finding; returns its id. */
export function saveWorkpaper(db: Db, w: Workpaper, actor: Actor): { id: number; sha256: string } {
  return db.transaction(() => {
    const sha256 = recordWorkpaper(db, w, actor);
    const r = db
      .prepare(
        'INSERT INTO workpapers (engagement_id, framework, control_id, sha256, body, drawn_at, drawn_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(w.engagement.id, w.framework, w.control, sha256, canonicalize(w), actor.at, actor.by);
    const id = Number(r.lastInsertRowid);
    const prefill = db.prepare(
      "INSERT INTO workpaper_results (workpaper_id, item, attribute, result, note, source, tested_at, tested_by) VALUES (?, ?, ?, 'exception', ?, 'finding', ?, ?)",
    );
    w.items.forEach((it, i) => {
      if (it.findings.length > 0) {
        prefill.run(
          id,
          i,
          NO_FINDING.id,
          `finding(s) on this entry: ${it.findings.join(', ')}`,
          actor.at,
          PREFILL_TESTER,
        );
      }
    });
    return { id, sha256 };
  })();
}

function row(db: Db, engagementId: number | string, id: number): WorkpaperRow {
  const e = getEngagement(db, engagementId);
  const r = hasTables(db)
    ? db
        .prepare<[number, number], WorkpaperRow>(
          'SELECT id, engagement_id, sha256, body, drawn_at, drawn_by FROM workpapers WHERE id = ? AND engagement_id = ?',
        )
        .get(id, Number(e.id))
    : undefined;
  if (!r) throw new CrosscheckError('NOT_FOUND', `engagement ${e.id} holds no workpaper ${id}`);
  return r;
}

function latestResults(db: Db, workpaperId: number): TestResult[] {
  return db
    .prepare<[number, number], TestResult>(
      `SELECT item, attribute, result, note, source, tested_at, tested_by FROM workpaper_results r
       WHERE workpaper_id = ? AND id = (SELECT max(id) FROM workpaper_results q WHERE q.workpaper_id = ? AND q.item = r.item AND q.attribute = r.attribute)
       ORDER BY item, attribute`,
    )
    .all(workpaperId, workpaperId);
}

function tally(
  w: Workpaper,
  results: readonly TestResult[],
): { tested: number; exceptions: number; outstanding: number } {
  const perItem = new Map<number, TestResult[]>();
  for (const r of results) perItem.set(r.item, [...(perItem.get(r.item) ?? []), r]);
  let tested = 0;
  let exceptions = 0;
  let outstanding = 0;
  w.items.forEach((_, i) => {
    const rs = perItem.get(i) ?? [];
    const missing = w.attributes.filter((a) => !rs.some((r) => r.attribute === a.id)).length;
    outstanding += missing;
    if (missing === 0) tested++;
    if (rs.some((r) => r.result === 'exception')) exceptions++;
  });
  return { tested, exceptions, outstanding };
}

function conclusionOf(w: Workpaper, results: readonly TestResult[]): ControlConclusion | null {
  const t = tally(w, results);
  if (t.outstanding > 0 || w.items.length === 0) return null;
  return concludeControl(t.exceptions, w.items.length, w.size.confidence, w.size.tolerable);
}

function summaryOf(db: Db, r: WorkpaperRow): WorkpaperSummary {
  const w = JSON.parse(r.body) as Workpaper;
  const t = tally(w, latestResults(db, r.id));
  const versions = db
    .prepare<
      [number],
      { version: number; sha256: string; body: string; created_at: string; created_by: string }
    >(
      'SELECT version, sha256, body, created_at, created_by FROM workpaper_versions WHERE workpaper_id = ? ORDER BY version',
    )
    .all(r.id)
    .map((v) => ({
      version: v.version,
      sha256: v.sha256,
      effective: (JSON.parse(v.body) as TestedWorkpaper).conclusion.effective,
      createdAt: v.created_at,
      createdBy: v.created_by,
    }));
  return {
    id: r.id,
    framework: w.framework,
    control: w.control,
    population: w.population.title,
    populationSize: w.population.size,
    items: w.items.length,
    method: w.selection.method,
    seed: w.selection.seed,
    sha256: r.sha256,
    drawnAt: r.drawn_at,
    drawnBy: r.drawn_by,
    tested: t.tested,
    exceptions: t.exceptions,
    versions,
  };
}

/** The workpapers of an engagement, newest first. */
export function listWorkpapers(db: Db, engagementId: number | string): WorkpaperSummary[] {
  const e = getEngagement(db, engagementId);
  if (!hasTables(db)) return [];
  return db
    .prepare<[number], WorkpaperRow>(
      'SELECT id, engagement_id, sha256, body, drawn_at, drawn_by FROM workpapers WHERE engagement_id = ? ORDER BY id DESC',
    )
    .all(Number(e.id))
    .map((r) => summaryOf(db, r));
}

/** One workpaper with its latest results and the conclusion they give (null while results are outstanding). */
export function testingSheet(db: Db, engagementId: number | string, id: number): TestingSheet {
  const r = row(db, engagementId, id);
  const w = JSON.parse(r.body) as Workpaper;
  const results = latestResults(db, r.id);
  return {
    summary: summaryOf(db, r),
    workpaper: w,
    results,
    conclusion: conclusionOf(w, results),
    outstanding: tally(w, results).outstanding,
  };
}

export interface ResultInput {
  item: number;
  attribute: string;
  result: 'pass' | 'exception';
  note?: string;
}

/** Records the tester's result of one attribute of one sampled item; an exception, or a pass over a finding, needs a note. */
export function recordResult(
  db: Db,
  engagementId: number | string,
  id: number,
  input: ResultInput,
  actor: Actor,
): TestingSheet {
  const r = row(db, engagementId, id);
  const w = JSON.parse(r.body) as Workpaper;
  if (!Number.isInteger(input.item) || input.item < 0 || input.item >= w.items.length) {
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `the sample has items 0–${w.items.length - 1}; there is no item ${input.item}`,
    );
  }
  if (!w.attributes.some((a) => a.id === input.attribute)) {
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `"${input.attribute}" is not an attribute of this test (${w.attributes.map((a) => a.id).join(', ')})`,
    );
  }
  if (input.result !== 'pass' && input.result !== 'exception')
    throw new CrosscheckError('BAD_ARGUMENTS', 'a result is pass or exception');
  const note = [...(input.note ?? '')]
    .filter((ch) => ch === '\n' || ch.charCodeAt(0) >= 0x20)
    .join('')
    .trim()
    .slice(0, 2000);
  if (input.result === 'exception' && note.length === 0)
    throw new CrosscheckError('BAD_ARGUMENTS', 'an exception needs a note saying what deviates');
  // Clearing a finding is a judgement the workpaper must explain.
  if (
    input.result === 'pass' &&
    note.length === 0 &&
    w.items[input.item]!.findings.length > 0 &&
    input.attribute === NO_FINDING.id
  ) {
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `item ${input.item} carries a finding (${w.items[input.item]!.findings.join(', ')}); passing it needs a note saying why`,
    );
  }
  db.prepare(
    "INSERT INTO workpaper_results (workpaper_id, item, attribute, result, note, source, tested_at, tested_by) VALUES (?, ?, ?, ?, ?, 'tester', ?, ?)",
  ).run(r.id, input.item, input.attribute, input.result, note, actor.at, actor.by);
  return testingSheet(db, engagementId, id);
}

/** Concludes a fully tested workpaper: a new immutable version, its hash in the custody log. */
export function concludeWorkpaper(
  db: Db,
  engagementId: number | string,
  id: number,
  actor: Actor,
): { version: number; sha256: string; body: TestedWorkpaper } {
  return db.transaction(() => {
    const r = row(db, engagementId, id);
    const w = JSON.parse(r.body) as Workpaper;
    const results = latestResults(db, r.id);
    const conclusion = conclusionOf(w, results);
    if (conclusion === null) {
      const t = tally(w, results);
      throw new CrosscheckError(
        'BAD_ARGUMENTS',
        `${t.outstanding} result(s) are still outstanding; record every attribute of every item before concluding`,
      );
    }
    const version =
      (db
        .prepare<[number], { v: number | null }>(
          'SELECT max(version) AS v FROM workpaper_versions WHERE workpaper_id = ?',
        )
        .get(r.id)!.v ?? 0) + 1;
    const times = results.map((x) => x.tested_at).sort();
    const body: TestedWorkpaper = {
      format: TESTED_WORKPAPER_FORMAT,
      version,
      drawn: { sha256: r.sha256, workpaper: w },
      results,
      exceptions: results
        .filter((x) => x.result === 'exception')
        .map((x) => ({ ...x, seq: w.items[x.item]!.seq, origin: w.items[x.item]!.origin })),
      testers: [...new Set(results.map((x) => x.tested_by))].sort(),
      tested: { from: times[0]!, to: times[times.length - 1]! },
      conclusion,
      concluded_at: actor.at,
      concluded_by: actor.by,
    };
    const text = canonicalize(body);
    const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    db.prepare(
      'INSERT INTO workpaper_versions (workpaper_id, version, sha256, body, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(r.id, version, sha256, text, actor.at, actor.by);
    appendCustody(db, {
      ts: actor.at,
      actor: actor.by,
      action: 'workpaper.concluded',
      subject: `workpaper:${sha256}`,
      exports: w.population.exports.map((x) => x.export_id),
      detail: {
        engagement_id: w.engagement.id,
        framework: w.framework,
        control: w.control,
        drawn: r.sha256,
        version,
        n: conclusion.n,
        deviations: conclusion.deviations,
        upper_limit: conclusion.upperLimit,
        effective: conclusion.effective,
      },
    });
    return { version, sha256, body };
  })();
}

/** A concluded version of a workpaper (the latest when `version` is omitted), or null when none is concluded yet. */
export function workpaperVersion(
  db: Db,
  engagementId: number | string,
  id: number,
  version?: number,
): TestedWorkpaper | null {
  const r = row(db, engagementId, id);
  const v = db
    .prepare<[number, number, number], { body: string }>(
      'SELECT body FROM workpaper_versions WHERE workpaper_id = ? AND (? = 0 OR version = ?) ORDER BY version DESC LIMIT 1',
    )
    .get(r.id, version ?? 0, version ?? 0);
  return v ? (JSON.parse(v.body) as TestedWorkpaper) : null;
}

/** The latest concluded version of every workpaper of an engagement (for the package and binder), by control. */
export function concludedWorkpapers(db: Db, engagementId: number | string): TestedWorkpaper[] {
  const e = getEngagement(db, engagementId);
  if (!hasTables(db)) return [];
  return db
    .prepare<[number], { body: string }>(
      `SELECT v.body FROM workpaper_versions v JOIN workpapers w ON w.id = v.workpaper_id
       WHERE w.engagement_id = ? AND v.version = (SELECT max(version) FROM workpaper_versions q WHERE q.workpaper_id = v.workpaper_id)
       ORDER BY w.framework, w.control_id, w.id`,
    )
    .all(Number(e.id))
    .map((x) => JSON.parse(x.body) as TestedWorkpaper);
}
