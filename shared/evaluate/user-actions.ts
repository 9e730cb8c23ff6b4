/** The actor checks of user actions (§8.5): the role an action needs, and no owner approving their own agent's call. */
import type { AuditEntry } from '../format/export-types.js';
import { emit, entrySite, show, type EvaluationRun } from './evaluation-run.js';
import { makeFinding } from './findings.js';
import { actionRequirement, allowedRolesText, rbacViolation } from './rbac.js';
import { isRecord, isStr } from './schema.js';

/** unauthorized_actor when the entry's actor lacks the rights its action needs (as held before the entry). */
export function checkActor(run: EvaluationRun, entry: AuditEntry): void {
  const { st } = run;
  const req = actionRequirement(entry.action_type);
  if (req === null) return;
  const actor: Record<string, unknown> = isRecord(entry.actor) ? entry.actor : {};
  const actorId = isStr(actor.id) ? actor.id : null;
  const user = actor.type === 'user' && actorId !== null ? st.users.get(actorId) : undefined;
  const why = rbacViolation(
    req,
    { type: isStr(actor.type) ? actor.type : 'missing', user: user ?? null },
    st.profile.approverRoles,
  );
  if (why === null) return;
  const site = entrySite(entry);
  emit(
    run,
    makeFinding(
      'unauthorized_actor',
      site,
      { actor: entry.actor, role: user?.role ?? null, active: user?.active ?? null },
      { roles: allowedRolesText(req, st.profile.approverRoles).split(' or ') },
      `${entry.action_type} (seq ${site.seq ?? '?'}) by ${show(actor.type)} ${actorId ?? '(no id)'}: ${why}; it needs ${allowedRolesText(req, st.profile.approverRoles)}`,
    ),
    null,
  );
}

/** self_approval when an approval.reviewed approves a call of an agent its reviewer owns. */
export function checkSelfApproval(run: EvaluationRun, entry: AuditEntry, d: Record<string, unknown>): void {
  const { st } = run;
  if (d.decision !== 'approved' || !isStr(d.approval_id) || !isRecord(entry.actor) || !isStr(entry.actor.id))
    return;
  const a = st.approvals.get(d.approval_id);
  const agentId = a?.agent_id ?? (isStr(entry.agent_id) ? entry.agent_id : null);
  const agent = agentId === null ? undefined : st.agents.get(agentId);
  if (!agent || agent.owner_id !== entry.actor.id) return;
  const site = entrySite(entry);
  emit(
    run,
    makeFinding(
      'self_approval',
      site,
      { reviewer_id: entry.actor.id },
      { reviewer_not: agent.owner_id },
      `Approval ${d.approval_id} was approved (seq ${site.seq ?? '?'}) by user ${entry.actor.id}, the owner of agent ${agent.name} (${agent.id})`,
    ),
    null,
  );
}
