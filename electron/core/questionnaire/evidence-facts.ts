/** What an engagement's trail shows, for answering questionnaires: its exports, SOC 2 coverage, findings and documents. */
import type BetterSqlite3 from 'better-sqlite3';
import type { EvidenceFacts, ExportFact } from '../../../shared/questionnaire/answer-rules.js';
import { engagementCoverage } from '../engagement/engagement-coverage.js';
import { listDocuments } from '../engagement/documents.js';
import { engagementScope } from '../engagement/engagements.js';

/** Gathers the facts once per fill: a handful of grouped queries, whatever the store's size. */
export function evidenceFacts(db: BetterSqlite3.Database, engagementId: number): EvidenceFacts {
  const refs = JSON.stringify(engagementScope(db, engagementId).exportRefs);
  const exports = db
    .prepare<
      [string],
      {
        export_id: string | null;
        origin: string | null;
        tree_root: string | null;
        tree_size: number | null;
        first_seq: number | null;
        last_seq: number | null;
        integrity: ExportFact['integrity'];
        trusted: number;
        id: number;
      }
    >(
      'SELECT id, export_id, origin, tree_root, tree_size, first_seq, last_seq, integrity, trusted FROM exports WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
    )
    .all(refs)
    .map((r): ExportFact => ({
      exportId: r.export_id ?? `#${r.id}`,
      origin: r.origin ?? '-',
      root: r.tree_root ?? '-',
      treeSize: r.tree_size ?? 0,
      firstSeq: r.first_seq,
      lastSeq: r.last_seq,
      integrity: r.integrity,
      trusted: r.trusted === 1,
    }));
  const counts = db
    .prepare<[string], { kind: string; n: number }>(
      'SELECT kind, count(*) AS n FROM findings WHERE export_ref IN (SELECT value FROM json_each(?)) GROUP BY kind ORDER BY kind',
    )
    .all(refs);
  const examples = db.prepare<[string, string], { export_id: string | null; seq: number | null }>(
    'SELECT x.export_id, f.seq FROM findings f JOIN exports x ON x.id = f.export_ref WHERE f.export_ref IN (SELECT value FROM json_each(?)) AND f.kind = ? ORDER BY f.id LIMIT 3',
  );
  const findings = counts.map((c) => ({
    kind: c.kind,
    count: c.n,
    examples: examples.all(refs, c.kind).map((e) => ({ exportId: e.export_id ?? '-', seq: e.seq })),
  }));
  const documents = listDocuments(db, engagementId)
    .filter((d) => d.framework === 'soc2')
    .map((d) => ({ controlId: d.controlId, fileName: d.fileName, sha256: d.sha256 }));
  return { exports, coverage: engagementCoverage(db, engagementId, 'soc2'), findings, documents };
}

/**
 * A value that changes whenever an engagement's evidence can have changed (an import, a placement,
 * a void, a document attached), so a caller may keep the facts until it does.
 */
export function evidenceVersion(db: BetterSqlite3.Database, engagementId: number): string {
  const r = db
    .prepare<[number, number], { a: number | null; b: number; c: number; d: number }>(
      `SELECT (SELECT max(id) FROM imports) AS a, (SELECT count(*) FROM export_voids) AS b,
              (SELECT count(*) FROM engagement_exports WHERE engagement_id = ?) AS c,
              (SELECT count(*) FROM engagement_documents WHERE engagement_id = ?) AS d`,
    )
    .get(engagementId, engagementId)!;
  return `${engagementId}:${r.a ?? 0}:${r.b}:${r.c}:${r.d}`;
}
