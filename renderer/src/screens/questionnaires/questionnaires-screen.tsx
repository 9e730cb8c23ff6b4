/**
 * Questionnaires: the customer's workbooks of this engagement (upload one, with a column mapping
 * where its headers are not recognised), the review of one (`#/questionnaires/<id>`) and the
 * answer library (`#/questionnaires/library`).
 */
import { useState } from 'react';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Empty, Loading } from '../../components/states.js';
import { formatTs } from '../../logic/format.js';
import type { Route } from '../../logic/routes.js';
import { formatHash } from '../../logic/routes.js';
import { fileRefFor } from '../../file-ref.js';
import { FilePickLink } from '../../components/file-pick.js';
import { ReviewView } from './review-view.js';
import { AnswerLibraryView } from './answer-library-view.js';
import { ColumnMapping } from './column-mapping.js';
import type { WorkbookPreview } from '../../../../shared/questionnaire/questionnaire-types.js';

export function QuestionnairesScreen({ route }: { route: Route }) {
  const id = route.rest[0];
  if (id === 'library') return <AnswerLibraryView />;
  if (id !== undefined) return <ReviewView questionnaireId={id} />;
  return <QuestionnaireList />;
}

function QuestionnaireList() {
  const list = useApi('questionnaires.list', {});
  return (
    <section
      className="screen"
      data-testid="screen-questionnaires"
      data-ready={list.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <h1>Questionnaires</h1>
        <span className="muted">
          The customer’s CAIQ or SIG workbook, answered from this engagement’s verified evidence
        </span>
        <a href={formatHash('questionnaires', ['library'])} data-testid="nav-answer-library">
          Answer library
        </a>
      </header>
      <AddQuestionnaire onAdded={(qid) => (window.location.hash = formatHash('questionnaires', [qid]))} />
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {list.state === 'ready' && list.value.length === 0 && (
        <Empty title="No questionnaire yet">Add the customer’s workbook (.xlsx or .csv) above.</Empty>
      )}
      {list.state === 'ready' && list.value.length > 0 && (
        <table className="grid" data-testid="questionnaire-table">
          <thead>
            <tr>
              <th scope="col">Workbook</th>
              <th scope="col">Layout</th>
              <th scope="col">Reviewed</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((q) => (
              <tr key={q.id} data-testid="questionnaire-row">
                <td>
                  <a href={formatHash('questionnaires', [q.id])}>{q.fileName}</a>
                </td>
                <td>{q.layout.toUpperCase()}</td>
                <td>{q.reviewed}</td>
                <td className="muted small">
                  {formatTs(q.addedAt)} by {q.addedBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AddQuestionnaire({ onAdded }: { onAdded: (id: string) => void }) {
  const client = useClient();
  const [columns, setColumns] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A workbook whose headers were not recognised waits here while its columns are mapped.
  const [mapping, setMapping] = useState<{ file: File; preview: WorkbookPreview } | null>(null);
  const add = async (file: File, spec: string) => {
    setError(null);
    setBusy(true);
    try {
      const r = await client.call('questionnaires.add', {
        file: await fileRefFor(file),
        fileName: file.name,
        ...(spec ? { columns: spec } : {}),
      });
      if (r.ok) {
        setMapping(null);
        return onAdded(r.value.id);
      }
      // Readable, but its questions not found by themselves: offer the mapping instead of the error.
      if (!spec && r.error.code === 'BAD_ARGUMENTS') {
        const p = await client.call('questionnaires.preview', {
          file: await fileRefFor(file),
          fileName: file.name,
        });
        if (p.ok && !p.value.detected && p.value.sheets.length > 0)
          return setMapping({ file, preview: p.value });
      }
      setError(r.error.message);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  if (mapping)
    return (
      <>
        <ColumnMapping
          preview={mapping.preview}
          busy={busy}
          onMap={(spec) => void add(mapping.file, spec)}
          onCancel={() => {
            setMapping(null);
            setError(null);
          }}
        />
        {error && (
          <p role="alert" className="sev-text-high" data-testid="questionnaire-add-error">
            {error}
          </p>
        )}
      </>
    );
  return (
    <div className="panel filters" data-testid="questionnaire-add">
      <FilePickLink onFile={(f) => add(f, columns.trim())} accept=".xlsx,.csv" testId="questionnaire-upload">
        {busy ? 'Reading the workbook…' : 'Add a workbook…'}
      </FilePickLink>
      <label className="small">
        Columns by letter (optional; asked when the headers are not recognised){' '}
        <input
          type="text"
          value={columns}
          placeholder="id=A,question=B,answer=C,notes=E,header=2"
          data-testid="questionnaire-columns"
          onChange={(e) => setColumns(e.target.value)}
          size={40}
        />
      </label>
      {error && (
        <span role="alert" className="sev-text-high" data-testid="questionnaire-add-error">
          {error}
        </span>
      )}
    </div>
  );
}
