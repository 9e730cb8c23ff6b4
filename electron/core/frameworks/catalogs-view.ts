/** Both framework catalogs as the app shows them: our short titles, the licensed text where imported, the crosswalk in force. */
import type BetterSqlite3 from 'better-sqlite3';
import { CROSSWALK_SOURCES, NO_ISO_COUNTERPART } from '../../../shared/frameworks/crosswalk.js';
import type { CatalogsView } from '../../../shared/frameworks/frameworks-view.js';
import { ISO27001_CATALOG, ISO27001_THEMES } from '../../../shared/frameworks/iso27001-catalog.js';
import { SOC2_CATALOG, SOC2_GROUPS } from '../../../shared/frameworks/soc2-catalog.js';
import { catalogImport, catalogTexts, effectiveCrosswalk } from './catalog-import.js';

export function catalogsView(db: BetterSqlite3.Database): CatalogsView {
  const one = (framework: 'soc2' | 'iso27001') => {
    const texts = catalogTexts(db, framework);
    const catalog = framework === 'soc2' ? SOC2_CATALOG : ISO27001_CATALOG;
    return {
      framework,
      groups: [...(framework === 'soc2' ? SOC2_GROUPS : ISO27001_THEMES)],
      controls: catalog.map((c) => ({
        ...c,
        licensedTitle: texts.get(c.id)?.title ?? null,
        text: texts.get(c.id)?.text ?? null,
      })),
      licensed: catalogImport(db, framework),
    };
  };
  return {
    catalogs: [one('soc2'), one('iso27001')],
    crosswalk: effectiveCrosswalk(db),
    sources: [...CROSSWALK_SOURCES],
    noCounterpart: NO_ISO_COUNTERPART,
  };
}
