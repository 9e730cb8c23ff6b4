/** A vendor's mapping file checked against one engagement's trail (the facts the SoA is drafted from). */
import type BetterSqlite3 from 'better-sqlite3';
import { checkMapping, type MappingClaim } from '../../../shared/frameworks/mapping-check.js';
import { parseAnyTable, TableParseError } from '../../../shared/format/text-table.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { factsCoverage, factsEvidence, factsFindings, scopeFacts } from './scope-facts.js';

/** Parses a mapping (CSV, Markdown or HTML table) and concludes each claim from the engagement's evidence. */
export function checkMappingText(
  db: BetterSqlite3.Database,
  engagementId: number,
  text: string,
  fileName: string,
): MappingClaim[] {
  let table;
  try {
    table = parseAnyTable(text);
  } catch (e) {
    if (e instanceof TableParseError) throw new CrosscheckError('BAD_ARGUMENTS', `${fileName}: ${e.message}`);
    throw e;
  }
  if (table.rows.length === 0)
    throw new CrosscheckError('BAD_ARGUMENTS', `${fileName}: the table has a header and no claims`);
  const facts = scopeFacts(db, engagementId);
  return checkMapping(table, {
    coverage: { soc2: factsCoverage(db, facts, 'soc2'), iso27001: factsCoverage(db, facts, 'iso27001') },
    evidence: { soc2: factsEvidence(facts, 'soc2'), iso27001: factsEvidence(facts, 'iso27001') },
    findings: { soc2: factsFindings(facts, 'soc2'), iso27001: factsFindings(facts, 'iso27001') },
  });
}
