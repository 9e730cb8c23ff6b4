/**
 * The platform's declared SOC 2 evidence mapping (spec §10), pure so the package builder can reuse
 * it. Crosscheck's own mapping and the coverage rule are in shared/frameworks/.
 */

import { ACTION_TYPE_CRITERIA } from '../report/action-criteria.js';

/** Short titles of the criteria the app shows (AICPA TSC 2017, revised points of focus 2022). */
export const CRITERION_TITLES: Readonly<Record<string, string>> = {
  'CC2.1': 'Information to support internal control',
  'CC6.1': 'Logical access security software, infrastructure and architectures',
  'CC6.2': 'User registration and authorization',
  'CC6.3': 'Role-based access: add, change, remove',
  'CC6.6': 'Protection against threats from outside system boundaries',
  'CC7.1': 'Detection of configuration changes and vulnerabilities',
  'CC7.2': 'Monitoring of system components for anomalies',
  'CC8.1': 'Change management',
  'A1.2': 'Environmental protections, backups and recovery infrastructure',
};

/** Orders criteria the way the TSC lists them: CC before A, then numerically. */
export function compareCriteria(a: string, b: string): number {
  const parse = (c: string): [string, number, number] => {
    const m = /^([A-Z]+)(\d+)\.(\d+)$/.exec(c);
    return m ? [m[1]!, Number(m[2]), Number(m[3])] : [c, 0, 0];
  };
  const [pa, ma, na] = parse(a);
  const [pb, mb, nb] = parse(b);
  if (pa !== pb) return pa === 'CC' ? -1 : pb === 'CC' ? 1 : pa < pb ? -1 : 1;
  return ma - mb || na - nb;
}

/** The criteria an action type evidences; unknown action types evidence nothing. */
export function criteriaForAction(actionType: string): readonly string[] {
  return Object.prototype.hasOwnProperty.call(ACTION_TYPE_CRITERIA, actionType)
    ? ACTION_TYPE_CRITERIA[actionType]!
    : [];
}

/** Every criterion the §10 mapping touches. */
export function mappedCriteria(): string[] {
  const all = new Set<string>();
  for (const cs of Object.values(ACTION_TYPE_CRITERIA)) for (const c of cs) all.add(c);
  return [...all].sort(compareCriteria);
}
