/** The names exported package files go by, the same from the app's save dialog and its downloads. */
import type { PackageRecord } from './record-types.js';

export type PackageFormat = 'pdf' | 'json' | 'binder';

/** `crosscheck-package-<agent-xxxxxxxx|org>-v<version>-<id12>.<pdf|json|binder.zip>`. */
export function exportFileName(
  record: Pick<PackageRecord, 'id' | 'scope' | 'agent_id' | 'version'>,
  format: PackageFormat,
): string {
  const scope =
    record.scope === 'agent' && record.agent_id !== null ? `agent-${record.agent_id.slice(0, 8)}` : 'org';
  const ext = format === 'binder' ? 'binder.zip' : format;
  return `crosscheck-package-${scope}-v${record.version}-${record.id.slice(0, 12)}.${ext}`;
}
