/** CUECs and CSOCs read off the responsibility matrix, the host named from the sub-processor list. */
import { describe, expect, it } from 'vitest';
import { complementaryControls, UNNAMED_HOST } from '../../shared/package/complementary-controls.js';
import type { ResponsibilityMatrix, SubprocessorRow } from '../../shared/package/package-types.js';

const matrix: ResponsibilityMatrix = {
  columns: ['Criterion', 'Infrastructure', 'Platform', 'Tenant'],
  rows: [
    ['CC6.1', 'Inherited: data centre access.', 'RBAC.', 'Assign roles.'],
    ['CC7.2', '', 'Alerts.', '  '],
  ],
};

function host(legal: string, mapped = true): SubprocessorRow {
  return {
    role: 'hosting_provider',
    connector: null,
    mapped,
    legal_entity: legal,
    service: 'hosting',
    category: 'hosting',
    data_types: [],
    observed_data_types: [],
    soc2: 'type_ii',
    calls: 0,
  };
}

describe('complementaryControls', () => {
  it('lists each non-empty tenant cell as a CUEC of the client and each infrastructure cell as a CSOC of the host', () => {
    const c = complementaryControls(matrix, 'Northwind Security', [host('Amazon Web Services, Inc.')]);
    expect(c.cuecs).toEqual([
      { criterion: 'CC6.1', organisation: 'Northwind Security', control: 'Assign roles.', soc2: null },
    ]);
    expect(c.csocs).toEqual([
      {
        criterion: 'CC6.1',
        organisation: 'Amazon Web Services, Inc.',
        control: 'Inherited: data centre access.',
        soc2: 'type_ii',
      },
    ]);
  });

  it('says the host is not named rather than inventing one', () => {
    const c = complementaryControls(matrix, 'Northwind Security', [host('Somebody', false)]);
    expect(c.csocs[0]!.organisation).toBe(UNNAMED_HOST);
    expect(c.csocs[0]!.soc2).toBeNull();
  });
});
