import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditEntry, PlatformState } from '../../shared/format/export-types.js';
import type { Finding } from '../../shared/report/report-types.js';
import { createEvaluator, type EvaluationResult } from '../../shared/evaluate/evaluator.js';
import { SAMPLE_BUNDLE } from './paths.js';

/** The public sample's entries, parsed. */
export const sampleEntries: readonly AuditEntry[] = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as AuditEntry);

/** The public sample's state.json text and value. */
export const sampleStateText = readFileSync(path.join(SAMPLE_BUNDLE, 'state.json'), 'utf8');
export const sampleState = JSON.parse(sampleStateText) as PlatformState;

/** A deep copy of the sample entries to mutate. */
export function sampleCopy(): AuditEntry[] {
  return structuredClone(sampleEntries) as AuditEntry[];
}

/** Runs entries through a fresh evaluator and collects every finding. */
export function evaluateAll(entries: readonly AuditEntry[], state: PlatformState = sampleState): { findings: Finding[]; result: EvaluationResult } {
  const findings: Finding[] = [];
  const ev = createEvaluator(state, { onFinding: (f) => findings.push(f) });
  for (const e of entries) ev.apply(e);
  return { findings, result: ev.finish() };
}
