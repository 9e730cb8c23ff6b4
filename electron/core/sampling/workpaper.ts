/**
 * A sampling workpaper from the store: the population of one control in one engagement (its
 * verified entries, in canonical order by leaf hash, with size and digest), the sample size and
 * its rationale, the seeded selection, and risk-based additions (every population item with a
 * finding) listed apart. `verifyWorkpaper` re-derives all of it from a store.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../../../shared/format/jcs.js';
import type { FrameworkId } from '../../../shared/engagement/engagement-types.js';
import {
  POPULATIONS,
  populationForControl,
  type PopulationDef,
} from '../../../shared/sampling/populations.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { appendCustody } from '../package/custody.js';
import { engagementScope, getEngagement, type Actor } from '../engagement/engagements.js';
import { acceptedRuns, type AcceptedRun } from '../engagement/accepted-runs.js';
import { attributeSampleSize, FREQUENCY_SIZES, PRNG_NAME, selectIndices } from './sample-math.js';
import { selectStratifiedCodes } from './stratified.js';
import { leafHex, scanPopulation, type PopulationIndex } from './population-scan.js';
import {
  WORKPAPER_FORMAT,
  type PopulationItem,
  type SampleMethod,
  type StratifyBy,
  type StratumAllocation,
  type Workpaper,
} from '../../../shared/sampling/workpaper-types.js';

type Db = BetterSqlite3.Database;

export { WORKPAPER_FORMAT } from '../../../shared/sampling/workpaper-types.js';
export type {
  PopulationItem,
  SampleMethod,
  SampledItem,
  Workpaper,
} from '../../../shared/sampling/workpaper-types.js';

export interface SampleOptions {
  engagementId: number | string;
  framework: FrameworkId;
  control: string;
  seed: string;
  method?: SampleMethod;
  /** With method `stratified`: the key the population is split by. */
  stratify?: StratifyBy;
  /** Set by the auditor (with `reason`); default by the documented rule. */
  size?: number;
  reason?: string;
  confidence?: number;
  tolerable?: number;
  generatedAt: string;
  generatedBy: string;
}

/** The population of `def` in the engagement's accepted exports, in canonical order, with its digest. */
export function loadPopulation(
  db: Db,
  engagementId: number,
  def: PopulationDef,
  stratify?: StratifyBy,
): {
  pop: PopulationIndex;
  runs: AcceptedRun[];
  exports: Workpaper['population']['exports'];
  refs: number[];
} {
  const refs = engagementScope(db, engagementId).exportRefs;
  const exports = db
    .prepare<[string], { export_id: string; tree_size: number; tree_root: string }>(
      `SELECT x.export_id, x.tree_size, x.tree_root FROM exports x JOIN logs l ON l.id = x.log_id
       WHERE l.kind = 'origin' AND x.trusted = 1 AND x.pos_first IS NOT NULL AND x.id IN (SELECT value FROM json_each(?)) ORDER BY x.log_id, x.pos_first`,
    )
    .all(JSON.stringify(refs));
  // Merged runs: overlapping exports of one log hold each line once.
  const runs = acceptedRuns(db, refs);
  return { pop: scanPopulation(db, runs, def.actionTypes, stratify), runs, exports, refs };
}

/** Reads the listed members' rows (by rowid) as the workpaper records them. */
function readMembers(
  db: Db,
  runs: readonly AcceptedRun[],
  ids: readonly number[],
): Map<number, PopulationItem> {
  const out = new Map<number, PopulationItem>();
  const q = db.prepare<
    [string],
    {
      id: number;
      pos: number;
      ts: string | null;
      action_type: string;
      agent_id: string | null;
      leaf_hash: Buffer;
    }
  >(
    'SELECT id, pos, ts, action_type, agent_id, leaf_hash FROM entries WHERE id IN (SELECT value FROM json_each(?))',
  );
  for (const r of q.all(JSON.stringify(ids))) {
    const logId = Math.floor(r.id / 2 ** 40);
    const run = runs.find((x) => x.logId === logId && x.from <= r.pos && r.pos <= x.to)!;
    out.set(r.id, {
      origin: run.origin,
      seq: r.pos,
      ts: r.ts,
      action_type: r.action_type,
      agent_id: r.agent_id,
      leaf_hash: r.leaf_hash.toString('hex'),
    });
  }
  return out;
}

function sizeFor(def: PopulationDef, o: SampleOptions, population: number): Workpaper['size'] {
  // Confidence and tolerable rate are recorded whatever set the size: the conclusion is drawn with them.
  const confidence = o.confidence ?? 0.95;
  const tolerable = o.tolerable ?? 0.05;
  if (o.size !== undefined) {
    if (!o.reason || o.reason.trim().length < 3)
      throw new CrosscheckError('BAD_ARGUMENTS', 'a sample size set by hand needs its reason (--reason)');
    return {
      n: Math.min(o.size, population),
      rule: `set by the auditor: ${o.size}`,
      reason: o.reason.trim(),
      confidence,
      tolerable,
    };
  }
  if (def.frequency !== 'transaction') {
    return {
      n: Math.min(FREQUENCY_SIZES[def.frequency], population),
      rule: `control frequency ${def.frequency}: ${FREQUENCY_SIZES[def.frequency]}`,
      reason: null,
      confidence,
      tolerable,
    };
  }
  const n = attributeSampleSize(confidence, tolerable);
  return {
    n: Math.min(n, population),
    rule: `attribute sampling, no expected deviation: n = ⌈ln(1 − ${confidence}) / ln(1 − ${tolerable})⌉ = ${n}${n > population ? `, capped at the population (${population})` : ''}`,
    reason: null,
    confidence,
    tolerable,
  };
}

/** The selection a workpaper records, re-run on a population: the picked indices and, for a stratified sample, its strata. */
export function pickSample(
  pop: PopulationIndex,
  n: number,
  method: SampleMethod,
  seed: string,
): { indices: number[]; strata?: StratumAllocation[] } {
  if (method !== 'stratified') return { indices: selectIndices(pop.size, n, method, seed) };
  if (!pop.codes || !pop.keys)
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      'a stratified sample needs what it is stratified by (--stratify agent|month|environment)',
    );
  return selectStratifiedCodes(pop.codes, pop.keys, n, seed);
}

/** Draws the sample; throws BAD_ARGUMENTS for a control no population tests. */
export function drawSample(db: Db, o: SampleOptions): Workpaper {
  const e = getEngagement(db, o.engagementId);
  const def = populationForControl(o.framework, o.control);
  if (!def) {
    const known = POPULATIONS.flatMap((p) => p.controls[o.framework]).filter((c, i, a) => a.indexOf(c) === i);
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `no population is defined for ${o.framework} ${o.control}; populations exist for ${known.join(', ')}`,
    );
  }
  if (o.seed.trim().length === 0)
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      'a sample needs a seed (--seed), recorded so anyone can re-draw it',
    );
  const method = o.method ?? 'random';
  if (method === 'stratified' && !o.stratify)
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      'a stratified sample needs what it is stratified by (--stratify agent|month|environment)',
    );
  const stratify = method === 'stratified' ? o.stratify : undefined;
  const { pop, runs, exports, refs } = loadPopulation(db, Number(e.id), def, stratify);
  const size = sizeFor(def, o, pop.size);
  const picked = pickSample(pop, size.n, method, o.seed);
  // Risk-based additions: every population item that carries a finding, apart from the random sample.
  const findings = db
    .prepare<[string], { origin: string; seq: number; kind: string }>(
      'SELECT x.origin AS origin, f.seq AS seq, f.kind AS kind FROM findings f JOIN exports x ON x.id = f.export_ref WHERE f.seq IS NOT NULL AND f.export_ref IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(refs));
  const kinds = new Map<string, string[]>();
  for (const f of findings)
    kinds.set(`${f.origin}:${f.seq}`, [...(kinds.get(`${f.origin}:${f.seq}`) ?? []), f.kind]);
  const findingsOf = (it: PopulationItem): string[] =>
    [...new Set(kinds.get(`${it.origin}:${it.seq}`) ?? [])].sort();
  // A finding names (origin, seq): the rowids it can be in the accepted runs of that origin.
  const flagged = new Set<number>();
  for (const f of findings)
    for (const run of runs)
      if (run.origin === f.origin && run.from <= f.seq && f.seq <= run.to)
        flagged.add(run.logId * 2 ** 40 + f.seq);
  const riskIndices: number[] = [];
  if (flagged.size > 0) for (let i = 0; i < pop.size; i++) if (flagged.has(pop.ids[i]!)) riskIndices.push(i);
  const rows = readMembers(
    db,
    runs,
    [...picked.indices, ...riskIndices].map((i) => pop.ids[i]!),
  );
  const member = (index: number): PopulationItem => rows.get(pop.ids[index]!)!;
  const risk = riskIndices.map((index) => ({ ...member(index), index, findings: findingsOf(member(index)) }));
  return {
    format: WORKPAPER_FORMAT,
    engagement: { id: Number(e.id), name: e.name },
    framework: o.framework,
    control: o.control,
    population: {
      id: def.id,
      title: def.title,
      action_types: [...def.actionTypes],
      size: pop.size,
      digest: pop.digest,
      exports,
    },
    size,
    selection: {
      method,
      prng: PRNG_NAME,
      seed: o.seed,
      ...(stratify ? { stratify, strata: picked.strata! } : {}),
    },
    attributes: def.attributes.map((a) => ({ ...a })),
    items: picked.indices.map((index) => ({
      ...member(index),
      index,
      findings: findingsOf(member(index)),
      ...(pop.codes && pop.keys ? { stratum: pop.keys[pop.codes[index]!]! } : {}),
    })),
    risk_items: risk,
    generated_at: o.generatedAt,
    generated_by: o.generatedBy,
  };
}

/** Records a drawn workpaper in the custody log (its canonical SHA-256), so a later copy can be checked against it. */
export function recordWorkpaper(db: Db, w: Workpaper, actor: Actor): string {
  const sha = createHash('sha256').update(canonicalize(w), 'utf8').digest('hex');
  appendCustody(db, {
    ts: actor.at,
    actor: actor.by,
    action: 'workpaper.sampled',
    subject: `workpaper:${sha}`,
    exports: w.population.exports.map((x) => x.export_id),
    detail: {
      engagement_id: w.engagement.id,
      framework: w.framework,
      control: w.control,
      population: w.population.id,
      size: w.population.size,
      digest: w.population.digest,
      n: w.size.n,
      seed: w.selection.seed,
      method: w.selection.method,
    },
  });
  return sha;
}

export interface WorkpaperCheck {
  ok: boolean;
  problems: string[];
}

/** Re-derives a workpaper's population and sample from a store and says whether they match. */
export function verifyWorkpaper(db: Db, w: Workpaper): WorkpaperCheck {
  const problems: string[] = [];
  if (w.format !== WORKPAPER_FORMAT) return { ok: false, problems: [`not a ${WORKPAPER_FORMAT} workpaper`] };
  const def = POPULATIONS.find((p) => p.id === w.population.id);
  if (!def)
    return { ok: false, problems: [`population "${w.population.id}" is not defined in this version`] };
  if (canonicalize([...def.actionTypes]) !== canonicalize(w.population.action_types))
    problems.push(`population "${def.id}" is defined differently now (${def.actionTypes.join(', ')})`);
  const stratify = w.selection.method === 'stratified' ? w.selection.stratify : undefined;
  const { pop } = loadPopulation(db, w.engagement.id, def, stratify);
  if (pop.size !== w.population.size)
    problems.push(`population size: the store has ${pop.size}, the workpaper says ${w.population.size}`);
  if (pop.digest !== w.population.digest)
    problems.push(
      `population digest: the store gives ${pop.digest}, the workpaper says ${w.population.digest}`,
    );
  let picked: number[];
  try {
    picked = pickSample(pop, w.size.n, w.selection.method, w.selection.seed).indices;
  } catch (e) {
    return { ok: false, problems: [...problems, (e as Error).message] };
  }
  const again = picked.map((i) => leafHex(pop, i));
  const recorded = w.items.map((i) => i.leaf_hash);
  if (canonicalize(again) !== canonicalize(recorded))
    problems.push(
      `the sample re-drawn with seed "${w.selection.seed}" (${w.selection.method}, n = ${w.size.n}) differs from the workpaper's items`,
    );
  return { ok: problems.length === 0, problems };
}
