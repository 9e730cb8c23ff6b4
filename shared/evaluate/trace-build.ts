/** Assembles the typed trace of one call from what the computation saw (tracing mode only). */
import type { Approval } from '../format/export-types.js';
import type { RecordedView, CallInputs } from './call-data.js';
import type { CallContext, ComputedCall } from './compute-call.js';
import { matchingListEntry, operationListMatches, operationVerb } from './operation-match.js';
import { rulesOf, type ReplayState } from './state-replay.js';
import type { CallTrace, DriftCheckTrace, RiskFactorTrace } from './trace-types.js';

/** The trace of a call; consequences and findings are appended later by the evaluator. */
export function buildCallTrace(
  st: ReplayState,
  c: CallInputs,
  computed: ComputedCall,
  ctx: CallContext,
  recorded: RecordedView,
): CallTrace {
  const p = st.profile;
  const verb = operationVerb(c.operation);
  let stepSource = 'no step reached (0 points)';
  for (const s of p.steps) if (s.min_calls <= ctx.windowCount) stepSource = `frequency_steps[min_calls ${s.min_calls}]`;
  const factors: RiskFactorTrace[] = [
    {
      factor: 'operation',
      points: computed.factors.operation,
      source: p.verbWeights.has(verb) ? `verb "${verb}" → verb_weights.${verb}` : `verb "${verb}" not in verb_weights → default_verb_weight`,
    },
    {
      factor: 'connector',
      points: computed.factors.connector,
      source: p.connectorWeights.has(c.connector) ? `connector_weights.${c.connector}` : `${c.connector} not in connector_weights → default_connector_weight`,
    },
    {
      factor: 'frequency',
      points: computed.factors.frequency,
      source: `${ctx.windowCount} earlier call(s) in the ${p.windowMs / 1000} s window → ${stepSource}`,
    },
    {
      factor: 'target',
      points: computed.factors.target,
      source: c.environment === null ? 'environment null → 0' : p.targetWeights.has(c.environment) ? `target_weights.${c.environment}` : `${c.environment} not in target_weights → 0`,
    },
  ];
  const sum = computed.factors.operation + computed.factors.connector + computed.factors.frequency + computed.factors.target;

  const intent = ctx.agent?.intent ?? null;
  const checks: DriftCheckTrace[] = [];
  if (intent) {
    const sysOk = intent.permitted_systems.includes('*') || intent.permitted_systems.includes(c.connector);
    checks.push({ type: 'unauthorized_system', found: !sysOk, why: sysOk ? `${c.connector} is a permitted system` : `${c.connector} is not in permitted_systems [${intent.permitted_systems.join(', ')}]` });
    const actOk = operationListMatches(intent.permitted_actions, c.operation);
    checks.push({ type: 'unauthorized_action', found: !actOk, why: actOk ? `${c.operation} is admitted by "${matchingListEntry(intent.permitted_actions, c.operation) ?? ''}"` : `${c.operation} is not admitted by permitted_actions [${intent.permitted_actions.join(', ')}]` });
    const bad = intent.permitted_data_types.includes('*') ? [] : c.data_types.filter((t) => !intent.permitted_data_types.includes(t));
    checks.push({ type: 'unauthorized_data_type', found: bad.length > 0, why: bad.length > 0 ? `${bad.join(', ')} not in permitted_data_types` : 'every data type is permitted' });
    const max = intent.max_frequency?.per_hour;
    const over = max !== undefined && ctx.hourCount + 1 > max;
    checks.push({ type: 'frequency_exceeded', found: over, why: max === undefined ? 'no max_frequency' : `${ctx.hourCount + 1} call(s) in this UTC clock hour ${over ? '>' : '≤'} per_hour ${max}` });
  }

  const rules = rulesOf(st, c.agent_id).map((r) => ({
    rule: { ...r.rule },
    connectorMatches: r.rule.connector === null || r.rule.connector === c.connector,
    patternMatches: r.matcher.match(c.operation),
  }));
  rules.sort((a, b) => (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0));

  let approval: Approval | null = null;
  if (ctx.approval) {
    const { reviewDecision: _d, reviewerActive: _a, ...pub } = ctx.approval;
    approval = pub;
  }

  return {
    seq: c.seq,
    entry_id: c.entry_id,
    ts: c.ts,
    agent_id: c.agent_id,
    call_id: c.call_id,
    connector: c.connector,
    operation: c.operation,
    environment: c.environment,
    data_types: [...c.data_types],
    approval_id: c.approval_id,
    seen: {
      agent: ctx.agent ? { id: ctx.agent.id, name: ctx.agent.name, owner_id: ctx.agent.owner_id, status: ctx.agent.status } : null,
      intent,
      connectorConfigs: [...st.connectors.values()].filter((x) => x.agent_id === c.agent_id && x.connector === c.connector).map((x) => ({ ...x })),
      scope: { operations: ctx.scope ? [...ctx.scope] : null, matchedBy: ctx.scope ? matchingListEntry(ctx.scope, c.operation) : null },
      rules,
      approval,
    },
    risk: { factors, windowCount: ctx.windowCount, windowSeconds: p.windowMs / 1000, sum, score: computed.risk_score },
    drift: { evaluated: intent !== null, checks, hourCount: ctx.hourCount, result: computed.drift },
    ladder: ctx.steps ?? [],
    approvalCheck: c.approval_id === null ? null : ctx.approvalVerdict,
    computed,
    recorded,
    consequences: [],
    findings: [],
  };
}
