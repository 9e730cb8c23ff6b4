/** The contract's `questionnaires.*` methods: a customer's workbook in, reviewed answers, the filled workbook out. */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/api/result.js';
import type { ExportedFile, FileRef } from '../../shared/api/view-types.js';
import { parseMappingSpec, type ExplicitMapping } from '../core/questionnaire/detect-columns.js';
import {
  addQuestionnaire,
  exportQuestionnaire,
  listQuestionnaires,
  questionnaireView,
  reviewAnswer,
} from '../core/questionnaire/questionnaire-store.js';
import type { Store } from '../core/store/store.js';
import { workbookPreview } from '../core/questionnaire/workbook-preview.js';
import type { CallContext, HandlerTable } from './dispatch.js';
import { evidenceFacts, evidenceVersion } from '../core/questionnaire/evidence-facts.js';
import type { EvidenceFacts } from '../../shared/questionnaire/answer-rules.js';
import { evidenceCsvName } from '../../shared/questionnaire/questionnaire-types.js';
import type { UploadStore } from './uploads.js';

export interface QuestionnaireDeps {
  store: Store;
  uploads: UploadStore;
  engagementOf(id: string | undefined): number;
  needEngagement(id: string | undefined): number;
  resolveFile(ref: FileRef, ctx: CallContext): string;
  destination(
    dest: { kind: 'path'; path: string } | undefined,
    name: string,
    ctx: CallContext,
  ): { path: string; downloadId: string | null };
  shown(file: ExportedFile, downloadId: string | null): ExportedFile;
  actor(): { by: string; at: string };
}

type Handlers = Pick<
  HandlerTable,
  | 'questionnaires.list'
  | 'questionnaires.add'
  | 'questionnaires.preview'
  | 'questionnaires.get'
  | 'questionnaires.review'
  | 'questionnaires.export'
>;

function readWorkbook(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ApiFailure('NOT_FOUND', `cannot read the workbook: ${(e as Error).message}`);
  }
}

/** The handlers, over the services' own engagement, file and download plumbing. */
export function questionnaireHandlers(d: QuestionnaireDeps): Handlers {
  const db = d.store.db;
  // The facts cost a pass over the engagement's entries: kept while the evidence is the same, so
  // a reviewer's clicks on a large store do not each pay it.
  let cached: { version: string; facts: EvidenceFacts } | null = null;
  const factsFor = (n: number): EvidenceFacts => {
    const version = evidenceVersion(db, n);
    if (cached?.version !== version) cached = { version, facts: evidenceFacts(db, n) };
    return cached.facts;
  };
  return {
    'questionnaires.list': (a) => {
      const n = d.engagementOf(a.engagementId);
      return n === 0 ? [] : listQuestionnaires(db, n);
    },
    'questionnaires.add': async (a, ctx) => {
      const n = d.needEngagement(a.engagementId);
      const file = d.resolveFile(a.file, ctx);
      let explicit: ExplicitMapping | undefined;
      if (a.columns !== undefined) {
        try {
          explicit = parseMappingSpec(a.columns);
        } catch (e) {
          throw new ApiFailure('BAD_ARGUMENTS', `columns: ${(e as Error).message}`);
        }
      }
      try {
        const bytes = readWorkbook(file);
        const id = await addQuestionnaire(
          db,
          n,
          bytes,
          a.fileName ?? path.basename(file),
          explicit,
          d.actor(),
        );
        return await questionnaireView(db, id, n, factsFor(n));
      } finally {
        if (a.file.kind === 'upload') d.uploads.remove(a.file.id);
      }
    },
    'questionnaires.preview': async (a, ctx) => {
      const file = d.resolveFile(a.file, ctx);
      try {
        return await workbookPreview(db, readWorkbook(file), a.fileName ?? path.basename(file));
      } finally {
        if (a.file.kind === 'upload') d.uploads.remove(a.file.id);
      }
    },
    'questionnaires.get': (a) => {
      const n = d.needEngagement(a.engagementId);
      return questionnaireView(db, a.questionnaireId, n, factsFor(n));
    },
    'questionnaires.review': (a) => {
      const { questionnaireId, engagementId, ...input } = a;
      const n = d.needEngagement(engagementId);
      return reviewAnswer(db, questionnaireId, n, input, d.actor(), factsFor(n));
    },
    'questionnaires.export': async (a, ctx) => {
      const n = d.needEngagement(a.engagementId);
      const { filled, fileName } = await exportQuestionnaire(
        db,
        a.questionnaireId,
        n,
        d.actor(),
        factsFor(n),
      );
      const out = d.destination(a.dest, fileName, ctx);
      // A CSV has no sheets, so its Evidence listing is a second file: beside the chosen path in the
      // desktop app, a download of its own under serve (the browser fetches it as the user asks).
      const evidenceOut =
        filled.evidenceCsv === null
          ? null
          : out.downloadId === null
            ? { path: evidenceCsvName(out.path), downloadId: null }
            : d.destination(undefined, evidenceCsvName(fileName), ctx);
      try {
        writeFileSync(out.path, filled.bytes);
        if (evidenceOut && filled.evidenceCsv) writeFileSync(evidenceOut.path, filled.evidenceCsv);
      } catch (e) {
        rmSync(out.path, { force: true });
        if (evidenceOut) rmSync(evidenceOut.path, { force: true });
        throw new ApiFailure('INTERNAL', `cannot write the filled workbook: ${(e as Error).message}`);
      }
      const described = (p: string, bytes: Buffer, downloadId: string | null): ExportedFile =>
        d.shown(
          {
            name: path.basename(p),
            bytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            path: p,
            downloadId: null,
          },
          downloadId,
        );
      return {
        ...described(out.path, filled.bytes, out.downloadId),
        evidence:
          evidenceOut && filled.evidenceCsv
            ? described(evidenceOut.path, filled.evidenceCsv, evidenceOut.downloadId)
            : null,
      };
    },
  };
}
