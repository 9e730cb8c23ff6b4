/** What the Frameworks screen reads over the contract (types only; computed in electron/core/frameworks). */
import type { CoverageLine } from './framework-coverage.js';
import type { CrosswalkPair, CrosswalkSource } from './crosswalk.js';
import type { GapAnalysis, Readiness } from './readiness.js';
import type { SoaRow } from './soa.js';

export interface FrameworksView {
  engagementId: number;
  soa: SoaRow[];
  gaps: GapAnalysis;
  readiness: { soc2: Readiness; iso27001: Readiness };
  coverage: { soc2: CoverageLine[]; iso27001: CoverageLine[] };
}

export interface ImportedCatalogView {
  framework: 'soc2' | 'iso27001';
  sourceName: string;
  sourceSha256: string;
  format: 'oscal' | 'csv';
  controls: number;
  crosswalkPairs: number;
  importedAt: string;
  importedBy: string;
}

/** Both catalogs (with licensed text where imported) and the crosswalk in force. */
export interface CatalogsView {
  catalogs: {
    framework: 'soc2' | 'iso27001';
    groups: { id: string; title: string }[];
    controls: {
      id: string;
      group: string;
      title: string;
      basis: 'trail' | 'document';
      licensedTitle: string | null;
      text: string | null;
    }[];
    licensed: ImportedCatalogView | null;
  }[];
  crosswalk: CrosswalkPair[];
  sources: CrosswalkSource[];
  noCounterpart: string;
}
