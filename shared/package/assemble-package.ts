/** Puts the package together from one pass over the population and the stored context. */
import type { Finding } from '../report/report-types.js';
import { buildDataFlow } from './data-flow.js';
import type { PopulationAccumulator } from './population-accumulator.js';
import {
  PACKAGE_FORMAT,
  type ExportEvidence,
  type PackageDoc,
  type PackageDocument,
  type PackageScope,
  type ResponsibilityMatrix,
  type SubprocessorRegistry,
} from './package-types.js';
import { answerQuestionnaire } from './questionnaire.js';
import { buildSoc2Mapping } from './soc2-mapping.js';
import { listSubprocessors, normalizeConnector } from './subprocessors.js';
import { complementaryControls } from './complementary-controls.js';

export interface PackageContext {
  scope: PackageScope;
  org: { id: string; name: string };
  period: { from: string; to: string };
  generatedAt: string;
  generatedBy: string;
  exports: ExportEvidence[];
  findings: Finding[];
  responsibility: ResponsibilityMatrix;
  registry: SubprocessorRegistry;
  agentNames: ReadonlyMap<string, string>;
  /** SHA-256 over the population's raw leaf hashes, computed by the caller (shared/ has no hashing). */
  leafDigest: string;
  /** Documents attached in the engagement the package is made in. */
  documents?: PackageDocument[];
}

function compareFindings(a: Finding, b: Finding): number {
  const sa = a.seq ?? -1;
  const sb = b.seq ?? -1;
  if (sa !== sb) return sa - sb;
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

function record(m: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}

/** The complete package document; deterministic for the same inputs. */
export function assemblePackage(acc: PopulationAccumulator, ctx: PackageContext): PackageDoc {
  const execution = acc.executionGraph();
  const findings = [...ctx.findings].sort(compareFindings);
  const exports = [...ctx.exports].sort((a, b) =>
    a.origin === b.origin ? a.range.first_seq - b.range.first_seq : a.origin < b.origin ? -1 : 1,
  );
  const platformName = exports.find((e) => e.platform !== null)?.platform?.name ?? null;
  const subprocessors = listSubprocessors(ctx.registry, platformName, execution.connectors, acc.connectorDataTypes);
  const registryIndex = new Map(ctx.registry.connectors.map((m) => [normalizeConnector(m.connector), m]));
  const dataFlow = buildDataFlow(
    acc.flowCounts(),
    (id) => ctx.agentNames.get(id) ?? id,
    (c) => registryIndex.get(normalizeConnector(c))?.service ?? `${c} (unmapped)`,
  );
  return {
    format: PACKAGE_FORMAT,
    scope: ctx.scope,
    org: ctx.org,
    period: ctx.period,
    generated_at: ctx.generatedAt,
    generated_by: ctx.generatedBy,
    agent_names: Object.fromEntries([...acc.agents].sort().flatMap((id) => (ctx.agentNames.has(id) ? [[id, ctx.agentNames.get(id)!]] : []))),
    population: {
      entries: acc.entries,
      origins: [...acc.origins].sort(),
      first_seq: acc.firstSeq,
      last_seq: acc.lastSeq,
      leaf_digest: ctx.leafDigest,
    },
    execution,
    data_flow: dataFlow,
    questionnaire: answerQuestionnaire({
      execution,
      exports,
      findings,
      subprocessors,
      dataTypes: record(acc.dataTypes),
      reasons: record(acc.reasons),
      userActions: record(acc.userActions),
      secretAccesses: acc.secretAccesses,
      highRiskCalls: acc.highRiskCalls,
    }),
    subprocessors,
    soc2: buildSoc2Mapping(execution.by_action_type, findings),
    exports,
    findings,
    responsibility: ctx.responsibility,
    complementary: complementaryControls(ctx.responsibility, ctx.org.name, subprocessors),
    documents: [...(ctx.documents ?? [])].sort(
      (a, b) => a.framework.localeCompare(b.framework) || a.control_id.localeCompare(b.control_id, 'en', { numeric: true }) || a.attached_at.localeCompare(b.attached_at),
    ),
  };
}
