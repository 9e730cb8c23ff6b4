import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_ACTION_TYPES } from '../../shared/evaluate/evaluator.js';
import { USER_ONLY_ACTIONS } from '../../shared/evaluate/rbac.js';
import { ADMIN_ACTIONS } from '../../electron/core/checklist/checklist.js';
import { VECTORS_DIR } from '../support/paths.js';

/** Spec §3.1's table, read from the spec itself: each action type with its actor column. */
function specActors(): Map<string, string> {
  const text = readFileSync(path.join(VECTORS_DIR, '..', 'audit-export-v1.md'), 'utf8');
  const section = text.slice(text.indexOf('### 3.1'), text.indexOf('### 3.2'));
  const out = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split(' | ');
    if (!line.startsWith('| `') || cells.length < 3) continue;
    const actor = cells[cells.length - 1]!.replace(/\s*\|\s*$/, '').trim();
    for (const m of cells[0]!.matchAll(/`([a-z_]+\.[a-z_]+)`/g)) out.set(m[1]!, actor);
  }
  return out;
}

describe('who may write which action: one table for the evaluator and the checklist', () => {
  const actors = specActors();

  it('the evaluator knows exactly the action types of spec §3.1', () => {
    expect(actors.size).toBe(26);
    expect([...KNOWN_ACTION_TYPES].sort()).toEqual([...actors.keys()].sort());
  });

  it('the user-only actions are the rows whose actor is a user alone (compliance.generated and approval.reviewed included)', () => {
    const userOnly = [...actors].filter(([, a]) => /^user\b/.test(a) && !/\bor\b/.test(a)).map(([t]) => t);
    expect([...USER_ONLY_ACTIONS].sort()).toEqual(userOnly.sort());
    expect(USER_ONLY_ACTIONS).toContain('compliance.generated');
    expect(ADMIN_ACTIONS).toEqual(USER_ONLY_ACTIONS);
    // Written by the system (or either): never required of a user.
    for (const t of [
      'agent.suspended',
      'secret.rotated',
      'approval.requested',
      'system.heartbeat',
      'connector.called',
    ])
      expect(USER_ONLY_ACTIONS).not.toContain(t);
  });
});
