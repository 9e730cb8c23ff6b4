/** Builds findings with the catalog's severity and criteria filled in. */
import { kindControls, kindSeverity, type FindingKind } from '../../../shared/report/finding-kinds.js';
import type { Finding } from '../../../shared/report/report-types.js';

export interface FindingParts {
  seq?: number | null;
  entry_id?: string | null;
  agent_id?: string | null;
  recorded?: unknown;
  expected?: unknown;
  message: string;
}

/** A finding of `kind` with severity and SOC 2 criteria from the catalog (spec §9.1). */
export function makeFinding(kind: FindingKind, parts: FindingParts): Finding {
  return {
    kind,
    severity: kindSeverity(kind),
    seq: parts.seq ?? null,
    entry_id: parts.entry_id ?? null,
    agent_id: parts.agent_id ?? null,
    recorded: parts.recorded ?? null,
    expected: parts.expected ?? null,
    controls: kindControls(kind),
    message: parts.message,
  };
}
