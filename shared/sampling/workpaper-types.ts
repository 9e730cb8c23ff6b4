/**
 * The shape of a sampling workpaper (docs/sampling.md), shared by the core that draws and
 * verifies it, the app that shows it and the PDF that prints it.
 */
import type { FrameworkId } from '../engagement/engagement-types.js';
import type { TestAttribute } from './populations.js';
import type { ControlConclusion } from './conclusion.js';

/** What a stratified sample is split by. */
export type StratifyBy = 'agent' | 'month' | 'environment';

export interface StratumAllocation {
  key: string;
  /** Items of the population in this stratum. */
  size: number;
  /** Items drawn from it. */
  n: number;
}

export const WORKPAPER_FORMAT = 'crosscheck-workpaper/1';

export interface PopulationItem {
  origin: string;
  seq: number;
  ts: string | null;
  action_type: string;
  agent_id: string | null;
  leaf_hash: string;
  /** The target environment of a connector call; loaded only to stratify by environment. */
  environment?: string | null;
}

/** How the sample is selected. */
export type SampleMethod = 'random' | 'systematic' | 'stratified';

/** One sampled item as the workpaper lists it: its place in the canonical population, its findings, its stratum. */
export type SampledItem = PopulationItem & { index: number; findings: string[]; stratum?: string };

export interface Workpaper {
  format: typeof WORKPAPER_FORMAT;
  engagement: { id: number; name: string };
  framework: FrameworkId;
  control: string;
  population: {
    id: string;
    title: string;
    action_types: string[];
    size: number;
    digest: string;
    exports: { export_id: string; tree_size: number; tree_root: string }[];
  };
  size: { n: number; rule: string; reason: string | null; confidence: number; tolerable: number };
  selection: {
    method: SampleMethod;
    prng: string;
    seed: string;
    stratify?: StratifyBy;
    strata?: StratumAllocation[];
  };
  /** What the tester checks on every sampled item (the population's definition when drawn). */
  attributes: TestAttribute[];
  items: SampledItem[];
  risk_items: (PopulationItem & { index: number; findings: string[] })[];
  generated_at: string;
  generated_by: string;
}

/** One recorded result of one attribute of one sampled item (the latest counts). */
export interface TestResult {
  /** Position in the workpaper's `items`, 0-based. */
  item: number;
  attribute: string;
  result: 'pass' | 'exception';
  note: string;
  /** `finding`: prefilled from a finding on the entry, until a tester records over it. */
  source: 'tester' | 'finding';
  tested_at: string;
  tested_by: string;
}

export const TESTED_WORKPAPER_FORMAT = 'crosscheck-tested-workpaper/1';

/** A concluded version of a workpaper: the sample as drawn, every result, the exceptions and the conclusion. */
export interface TestedWorkpaper {
  format: typeof TESTED_WORKPAPER_FORMAT;
  version: number;
  drawn: { sha256: string; workpaper: Workpaper };
  results: TestResult[];
  exceptions: (TestResult & { seq: number; origin: string })[];
  testers: string[];
  tested: { from: string; to: string };
  conclusion: ControlConclusion;
  concluded_at: string;
  concluded_by: string;
}

/** One workpaper in an engagement, as the testing screen lists it. */
export interface WorkpaperSummary {
  id: number;
  framework: FrameworkId;
  control: string;
  population: string;
  populationSize: number;
  items: number;
  method: SampleMethod;
  seed: string;
  sha256: string;
  drawnAt: string;
  drawnBy: string;
  /** Items with every attribute recorded. */
  tested: number;
  /** Items with at least one exception. */
  exceptions: number;
  versions: { version: number; sha256: string; effective: boolean; createdAt: string; createdBy: string }[];
}

/** One workpaper being tested: the drawn workpaper, the latest result per item and attribute, and the conclusion it would give. */
export interface TestingSheet {
  summary: WorkpaperSummary;
  workpaper: Workpaper;
  results: TestResult[];
  /** Null until every attribute of every item is recorded. */
  conclusion: ControlConclusion | null;
  outstanding: number;
}
