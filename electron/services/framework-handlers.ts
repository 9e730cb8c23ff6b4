/** The contract's frameworks methods (issue 21): the SoA and its edits, catalogs and their import, the vendor-mapping check. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { ApiFailure } from '../../shared/api/result.js';
import type { FileRef } from '../../shared/api/view-types.js';
import { importCatalog } from '../core/frameworks/catalog-import.js';
import { catalogsView } from '../core/frameworks/catalogs-view.js';
import { engagementFrameworks } from '../core/frameworks/engagement-soa.js';
import { checkMappingText } from '../core/frameworks/mapping-check-store.js';
import { editSoa } from '../core/frameworks/soa-edits.js';
import type { CallContext, HandlerTable } from './dispatch.js';

type FrameworkMethods =
  'frameworks.view' | 'frameworks.catalogs' | 'frameworks.importCatalog' | 'soa.edit' | 'mapping.check';

export interface FrameworkHandlerDeps {
  db: BetterSqlite3.Database;
  engagementOf(id: string | undefined): number;
  needEngagement(id: string | undefined): number;
  resolveFile(ref: FileRef, ctx: CallContext): string;
  actor(): { by: string; at: string };
  dropUpload(id: string): void;
}

function readBytes(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ApiFailure('NOT_FOUND', `cannot read the ${what}: ${(e as Error).message}`);
  }
}

/** The handlers of the frameworks methods, over the services' store and engagement choice. */
export function frameworkHandlers(d: FrameworkHandlerDeps): Pick<HandlerTable, FrameworkMethods> {
  return {
    'frameworks.view': (a) => engagementFrameworks(d.db, d.needEngagement(a.engagementId)),
    'frameworks.catalogs': () => catalogsView(d.db),
    'frameworks.importCatalog': (a, ctx) => {
      const file = d.resolveFile(a.file, ctx);
      const bytes = readBytes(file, 'catalog');
      try {
        return importCatalog(
          d.db,
          { framework: a.framework, fileName: a.fileName ?? path.basename(file), bytes },
          d.actor(),
        );
      } finally {
        if (a.file.kind === 'upload') d.dropUpload(a.file.id);
      }
    },
    'soa.edit': (a) => {
      const n = d.needEngagement(a.engagementId);
      editSoa(
        d.db,
        n,
        a.controlId,
        {
          ...(a.applicable !== undefined ? { applicable: a.applicable } : {}),
          ...(a.justification !== undefined ? { justification: a.justification } : {}),
          ...(a.implementation !== undefined ? { implementation: a.implementation } : {}),
        },
        d.actor(),
      );
      return engagementFrameworks(d.db, n);
    },
    'mapping.check': (a, ctx) => {
      const n = d.needEngagement(a.engagementId);
      if ((a.text === undefined) === (a.file === undefined))
        throw new ApiFailure('BAD_ARGUMENTS', 'give the mapping as pasted text or as a file, not both');
      let text = a.text;
      let name = a.fileName ?? 'pasted mapping';
      if (a.file) {
        const file = d.resolveFile(a.file, ctx);
        text = readBytes(file, 'mapping').toString('utf8');
        name = a.fileName ?? path.basename(file);
        if (a.file.kind === 'upload') d.dropUpload(a.file.id);
      }
      return checkMappingText(d.db, n, text!, name);
    },
  };
}
