/** Who may write which user action (spec §8.5). */
import type { ActorType, Role } from '../format/export-types.js';
import { ACTION_TYPE_CRITERIA } from '../report/action-criteria.js';

const ADMIN: readonly Role[] = ['admin'];
const ADMIN_DEPLOYER: readonly Role[] = ['admin', 'deployer'];
const ADMIN_AUDITOR: readonly Role[] = ['admin', 'auditor'];

/** What an action type requires: the roles allowed, and whether the system may write it. */
export interface ActionRequirement {
  roles: readonly Role[] | 'approver';
  systemAllowed: boolean;
}

/** The requirement of an action type, or null for actions §8.5 does not restrict. */
export function actionRequirement(actionType: string): ActionRequirement | null {
  if (actionType === 'approval.reviewed') return { roles: 'approver', systemAllowed: false };
  if (actionType === 'compliance.generated') return { roles: ADMIN_AUDITOR, systemAllowed: false };
  if (actionType === 'intent.declared') return { roles: ADMIN_DEPLOYER, systemAllowed: false };
  const dot = actionType.indexOf('.');
  const noun = dot === -1 ? actionType : actionType.slice(0, dot);
  switch (noun) {
    case 'policy':
    case 'user':
      return { roles: ADMIN, systemAllowed: false };
    case 'agent':
      return { roles: ADMIN_DEPLOYER, systemAllowed: actionType === 'agent.suspended' };
    case 'connector':
      // connector.called is the agent's own act, judged by the ladder rather than by RBAC.
      return actionType === 'connector.called' ? null : { roles: ADMIN_DEPLOYER, systemAllowed: false };
    case 'api_key':
      return { roles: ADMIN_DEPLOYER, systemAllowed: false };
    default:
      return null;
  }
}

/**
 * The action types only an authenticated user may write (spec §3.1's actor column "user"):
 * those §8.5 restricts to roles with no system writer. Derived from actionRequirement so the
 * audit-prep checklist and the evaluator cannot disagree on which actions are a user's.
 */
export const USER_ONLY_ACTIONS: readonly string[] = Object.keys(ACTION_TYPE_CRITERIA).filter((t) => {
  const r = actionRequirement(t);
  return r !== null && !r.systemAllowed;
});

/** The actor of an entry as the state knows it. */
export interface ActorFacts {
  type: ActorType | string;
  /** The acting user as the state knows it at that moment, or null when unknown. */
  user: { role: Role; active: boolean } | null;
}

/**
 * Why an actor may not write an action, or null when it may. A non-user actor on an action that
 * needs a user role is refused too: the reading that never lets an unauthorized change pass.
 */
export function rbacViolation(
  req: ActionRequirement,
  actor: ActorFacts,
  approverRoles: ReadonlySet<string>,
): string | null {
  if (actor.type === 'system' && req.systemAllowed) return null;
  if (actor.type !== 'user') return `actor type ${String(actor.type)} may not write this action`;
  if (actor.user === null) return 'the acting user is unknown';
  if (!actor.user.active) return 'the acting user is inactive';
  const ok =
    req.roles === 'approver' ? approverRoles.has(actor.user.role) : req.roles.includes(actor.user.role);
  if (!ok) return `role ${actor.user.role} may not write this action`;
  return null;
}

/** The roles that may write an action, for messages. */
export function allowedRolesText(req: ActionRequirement, approverRoles: ReadonlySet<string>): string {
  const roles = req.roles === 'approver' ? [...approverRoles] : [...req.roles];
  return roles.length === 0 ? 'no role' : roles.join(' or ');
}
