/**
 * An engagement's frameworks view straight from the store: the SoA (draft from the evidence, the
 * auditor's edits applied), its gap analysis, and readiness of both frameworks. The app, the CLI
 * and packages call this one function, so they state the same numbers.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ResponsibilityLayer } from '../../../shared/api/view-types.js';
import {
  defaultResponsibility,
  RESPONSIBILITY_CRITERIA,
  RESPONSIBILITY_LAYERS,
} from '../../../shared/controls/responsibility.js';
import type { FrameworksView } from '../../../shared/frameworks/frameworks-view.js';
import { ISO27001_THEMES } from '../../../shared/frameworks/iso27001-catalog.js';
import { coverageReadiness, gapAnalysis, soaReadiness } from '../../../shared/frameworks/readiness.js';
import { buildSoa } from '../../../shared/frameworks/soa.js';
import { SOC2_GROUPS } from '../../../shared/frameworks/soc2-catalog.js';
import { catalogTexts, effectiveCrosswalk } from './catalog-import.js';
import { factsCoverage, factsEvidence, factsFindings, scopeFacts } from './scope-facts.js';
import { soaEdits } from './soa-edits.js';

type Db = BetterSqlite3.Database;

export type { FrameworksView };

/**
 * The layers whose cell of the engagement's responsibility matrix says something, per criterion
 * (the auditor's text where edited, else the default), as the Responsibility screen shows them.
 */
export function responsibilityLayers(db: Db, engagementId: number): Map<string, ResponsibilityLayer[]> {
  const notes = new Map(
    db
      .prepare<[string], { key: string; note: string }>('SELECT key, note FROM notes WHERE scope = ?')
      .all(`responsibility/${engagementId}`)
      .map((n) => [n.key, n.note]),
  );
  const criteria = new Set([...RESPONSIBILITY_CRITERIA, ...[...notes.keys()].map((k) => k.split('/')[0]!)]);
  const out = new Map<string, ResponsibilityLayer[]>();
  for (const c of criteria) {
    const layers = RESPONSIBILITY_LAYERS.filter((l) => {
      const raw = notes.get(`${c}/${l}`);
      let text = defaultResponsibility(c, l);
      if (raw !== undefined) {
        try {
          const saved = JSON.parse(raw) as { text?: unknown };
          if (typeof saved.text === 'string') text = saved.text;
        } catch {
          // An unreadable note reads as the default, as on the Responsibility screen.
        }
      }
      return text.trim() !== '';
    });
    if (layers.length > 0) out.set(c, layers);
  }
  return out;
}

/** Coverage of both frameworks, the SoA, its gaps and readiness, for one engagement. */
export function engagementFrameworks(db: Db, engagementId: number): FrameworksView {
  const facts = scopeFacts(db, engagementId);
  const soc2 = factsCoverage(db, facts, 'soc2');
  const iso = factsCoverage(db, facts, 'iso27001');
  const soa = buildSoa({
    coverage: iso,
    evidence: factsEvidence(facts, 'iso27001'),
    findings: factsFindings(facts, 'iso27001'),
    crosswalk: effectiveCrosswalk(db),
    responsibility: responsibilityLayers(db, engagementId),
    edits: soaEdits(db, engagementId),
    texts: catalogTexts(db, 'iso27001'),
  });
  return {
    engagementId,
    soa,
    gaps: gapAnalysis(soa),
    readiness: {
      soc2: coverageReadiness('soc2', soc2, SOC2_GROUPS),
      iso27001: soaReadiness(soa, ISO27001_THEMES),
    },
    coverage: { soc2, iso27001: iso },
  };
}
