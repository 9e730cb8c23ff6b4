/**
 * What a SOC 2 report calls complementary controls, read off the responsibility matrix: the
 * tenant's cells are the complementary user entity controls (CUECs) the client must operate; the
 * infrastructure cells are the complementary subservice organisation controls (CSOCs), carried by
 * the hosting provider the sub-processor list names.
 */
import { RESPONSIBILITY_LAYERS } from '../controls/responsibility.js';
import type { ResponsibilityMatrix, Soc2Status, SubprocessorRow } from './package-types.js';

export interface ComplementaryControl {
  criterion: string;
  /** Who must operate it: the client organisation, or the sub-service organisation by its legal name. */
  organisation: string;
  control: string;
  /** A sub-service organisation's SOC 2 status as the sub-processor list states it. */
  soc2: Soc2Status | null;
}

export interface ComplementaryControls {
  cuecs: ComplementaryControl[];
  csocs: ComplementaryControl[];
}

/** The words a reader sees when the sub-processor list names no hosting provider. */
export const UNNAMED_HOST = 'the hosting provider (not named in the sub-processor list)';

/** CUECs and CSOCs of a package: one per non-empty tenant / infrastructure cell, in matrix order. */
export function complementaryControls(
  matrix: ResponsibilityMatrix,
  clientName: string,
  subprocessors: readonly SubprocessorRow[],
): ComplementaryControls {
  const col = (layer: (typeof RESPONSIBILITY_LAYERS)[number]) => 1 + RESPONSIBILITY_LAYERS.indexOf(layer);
  const hosts = subprocessors.filter((s) => s.role === 'hosting_provider' && s.mapped && s.legal_entity);
  const host = hosts.length > 0 ? hosts.map((h) => h.legal_entity!).join(', ') : UNNAMED_HOST;
  const hostSoc2 = hosts.length === 1 ? hosts[0]!.soc2 : null;
  const cuecs: ComplementaryControl[] = [];
  const csocs: ComplementaryControl[] = [];
  for (const row of matrix.rows) {
    const criterion = row[0] ?? '';
    const tenant = (row[col('tenant')] ?? '').trim();
    const infra = (row[col('infrastructure')] ?? '').trim();
    if (tenant !== '') cuecs.push({ criterion, organisation: clientName, control: tenant, soc2: null });
    if (infra !== '') csocs.push({ criterion, organisation: host, control: infra, soc2: hostSoc2 });
  }
  return { cuecs, csocs };
}
