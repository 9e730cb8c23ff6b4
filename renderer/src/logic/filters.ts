/** The audit trail's filter: to and from route parameters, so a filtered view is a link. */
import type { EntryFilter } from '../../../shared/api/contract.js';

const TEXT_KEYS = ['exportRef', 'agentId', 'actionType', 'from', 'to', 'text', 'controls'] as const;
const VERDICTS = ['PERMIT', 'ESCALATE', 'DENY'] as const;
const STATUSES = ['success', 'error', 'blocked', 'escalated'] as const;
const ACTOR_TYPES = ['agent', 'user', 'system'] as const;

/** Reads a filter from route parameters, ignoring values the contract would refuse. */
export function filterFromParams(params: Record<string, string>): EntryFilter {
  const f: EntryFilter = {};
  for (const k of TEXT_KEYS) {
    const v = params[k];
    if (v !== undefined && v.trim() !== '') f[k] = v.slice(0, k === 'text' ? 200 : 100);
  }
  const verdict = params.verdict;
  if (verdict && (VERDICTS as readonly string[]).includes(verdict)) f.verdict = verdict as (typeof VERDICTS)[number];
  const status = params.status;
  if (status && (STATUSES as readonly string[]).includes(status)) f.status = status as (typeof STATUSES)[number];
  const actorType = params.actorType;
  if (actorType && (ACTOR_TYPES as readonly string[]).includes(actorType)) f.actorType = actorType as (typeof ACTOR_TYPES)[number];
  if (params.withFindings === '1') f.withFindings = true;
  if (f.controls && (params.framework === 'soc2' || params.framework === 'iso27001')) f.framework = params.framework;
  return f;
}

/** The inverse of filterFromParams. */
export function filterToParams(f: EntryFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of TEXT_KEYS) {
    const v = f[k];
    if (v) out[k] = v;
  }
  if (f.verdict) out.verdict = f.verdict;
  if (f.status) out.status = f.status;
  if (f.actorType) out.actorType = f.actorType;
  if (f.withFindings) out.withFindings = '1';
  if (f.framework) out.framework = f.framework;
  return out;
}

/** `datetime-local` input value (no zone, minutes) to the RFC 3339 UTC form the store compares. */
export function localInputToTs(v: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}.000Z` : undefined;
}

export function tsToLocalInput(ts: string | undefined): string {
  if (!ts) return '';
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(ts);
  return m ? m[1]! : '';
}

export function activeFilterCount(f: EntryFilter): number {
  return Object.values(f).filter((v) => v !== undefined && v !== '' && v !== false).length;
}
