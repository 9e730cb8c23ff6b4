/** The cover's verification summary and the scope label the header repeats. */
import type { ReactElement } from 'react';
import { Text } from '@react-pdf/renderer';
import { APP_VERSION } from '../../../../shared/app-version.js';
import { CHECK_ORDER } from '../../../../shared/report/report-types.js';
import type { PackageDoc } from '../../../../shared/package/package-types.js';
import { h, kv, n, s } from '../kit/primitives.js';

export function scopeLabel(doc: PackageDoc): string {
  return doc.scope.kind === 'agent' ? `Agent ${doc.scope.agent_name ?? doc.scope.agent_id}` : 'Organisation (all agents)';
}

/**
 * What was verified and how, on the cover: the overall result, the checks every export passed,
 * the keys that signed, the findings, and the tool that did it (offline).
 */
export function verificationCover(doc: PackageDoc): ReactElement[] {
  const total = doc.exports.length;
  const valid = doc.exports.filter((e) => e.integrity === 'VALID').length;
  const overall = total === 0 ? 'NO EXPORT' : valid === total ? 'VALID' : `NOT ALL VERIFIED (${total - valid} of ${total} exports not VALID)`;
  const keys = [...new Set(doc.exports.flatMap((e) => [e.envelope_key, e.checkpoint_key]).filter((k): k is string => k !== null))];
  const bySeverity: Record<string, number> = {};
  for (const f of doc.findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const findings = doc.findings.length === 0 ? 'none' : `${n(doc.findings.length)}: ${Object.entries(bySeverity).map(([k, v]) => `${v} ${k}`).join(', ')}`;
  return [
    h(Text, { style: s.h2 }, 'Verification'),
    kv([
      ['Overall result', overall],
      ['Checks', `${valid} of ${total} exports passed all ${CHECK_ORDER.length} checks of audit-export spec v1 §6 (${CHECK_ORDER.join(', ')})`],
      ['Signing keys', keys.join(', ') || '-'],
      ['Re-evaluation', `${n(doc.execution.totals.calls)} recorded decisions re-decided offline from the recorded policy state (spec §8)`],
      ['Findings', findings],
      ['Verified with', `Crosscheck ${APP_VERSION}, offline; the appendix lists every export's tree root and keys`],
    ]),
  ];
}
