/** Sub-processors: the connectors the population used, mapped through the registry, never dropped. */
import type { ConnectorRow, SubprocessorMapping, SubprocessorRegistry, SubprocessorRow } from './package-types.js';

/** Registry keys are matched case-insensitively with `-`, `_` and spaces treated alike. */
export function normalizeConnector(name: string): string {
  return name.toLowerCase().replace(/[\s-]+/g, '_');
}

/** Governance platform and its hosting provider first (always), then every used connector. */
export function listSubprocessors(
  registry: SubprocessorRegistry,
  platformName: string | null,
  connectors: ConnectorRow[],
  observedDataTypes: ReadonlyMap<string, ReadonlySet<string>>,
): SubprocessorRow[] {
  const platform =
    registry.platforms.find((p) => platformName !== null && normalizeConnector(p.platform) === normalizeConnector(platformName)) ??
    null;
  const base = platform ?? registry.default_platform;
  const rows: SubprocessorRow[] = [
    {
      role: 'governance_platform',
      connector: null,
      mapped: platform !== null,
      legal_entity: base.legal_entity,
      service: platformName === null ? base.service : `${base.service} (${platformName})`,
      category: 'agent governance',
      data_types: ['audit_log', 'agent_configuration', 'policy_rules'],
      observed_data_types: [],
      soc2: 'unknown',
      calls: 0,
    },
    {
      role: 'hosting_provider',
      connector: null,
      mapped: platform !== null,
      legal_entity: base.hosting.legal_entity,
      service: base.hosting.service,
      category: base.hosting.category,
      data_types: [...base.hosting.data_types],
      observed_data_types: [],
      soc2: base.hosting.soc2,
      calls: 0,
    },
  ];
  const index = new Map<string, SubprocessorMapping>();
  for (const m of registry.connectors) index.set(normalizeConnector(m.connector), m);
  for (const c of connectors) {
    const m = index.get(normalizeConnector(c.connector));
    const observed = [...(observedDataTypes.get(c.connector) ?? [])].sort();
    rows.push(
      m === undefined
        ? {
            role: 'connector',
            connector: c.connector,
            mapped: false,
            legal_entity: null,
            service: null,
            category: null,
            data_types: [],
            observed_data_types: observed,
            soc2: 'unknown',
            calls: c.calls,
          }
        : {
            role: 'connector',
            connector: c.connector,
            mapped: true,
            legal_entity: m.legal_entity,
            service: m.service,
            category: m.category,
            data_types: [...m.data_types],
            observed_data_types: observed,
            soc2: m.soc2,
            calls: c.calls,
          },
    );
  }
  return rows;
}
