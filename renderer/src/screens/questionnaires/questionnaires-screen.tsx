/**
 * Questionnaires: the customer's workbooks of this engagement (upload one, with a column mapping
 * where its headers are not recognised), the review of one (`#/questionnaires/<id>`) and the
 * answer library (`#/questionnaires/library`).
 */
import { useRef, useState } from 'react';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Empty, Loading } from '../../components/states.js';
import { formatTs } from '../../logic/format.js';
import type { Route } from '../../logic/routes.js';
import { formatHash } from '../../logic/routes.js';
import { fileRefFor } from '../../file-ref.js';
import { ReviewView } from './review-view.js';
import { AnswerLibraryView } from './answer-library-view.js';

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
  const input = useRef<HTMLInputElement>(null);
  const [columns, setColumns] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      const ref = await fileRefFor(file);
      const r = await client.call('questionnaires.add', {
        file: ref,
        fileName: file.name,
        ...(columns.trim() ? { columns: columns.trim() } : {}),
      });
      if (!r.ok) setError(r.error.message);
      else onAdded(r.value.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="panel filters" data-testid="questionnaire-add">
      <label className="link">
        {busy ? 'Reading the workbook…' : 'Add a workbook…'}
        <input
          ref={input}
          type="file"
          hidden
          accept=".xlsx,.csv"
          data-testid="questionnaire-upload"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void add(f);
          }}
        />
      </label>
      <label className="small">
        Columns (only if not recognised){' '}
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
