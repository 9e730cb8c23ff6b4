/**
 * The answer library (`#/questionnaires/library`): Crosscheck's built-in answers and the team's,
 * searched and filtered by origin; the team adds an entry or edits one (a built-in under its own
 * key), each save a revision with who and when; the next questionnaire read or filled matches
 * against the library as saved.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../../../shared/api/result.js';
import { ANSWER_LABELS } from '../../../../shared/questionnaire/questionnaire-types.js';
import type {
  LibraryListEntry,
  LibraryListing,
  LibraryRevision,
} from '../../../../shared/questionnaire/library-types.js';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { AnswerSelect } from './answer-select.js';
import { formatTs } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';
import {
  formOf,
  formProblem,
  matchesLibrary,
  ORIGIN_BADGES,
  ORIGIN_FILTERS,
  ORIGIN_TITLES,
  saveArgs,
  type AnswerMode,
  type LibraryForm,
  type OriginFilter,
} from './library-form.js';

/** Which entry the editor shows: an existing key, a new entry, or none yet. */
type Editing = { key: string } | { key: null } | null;

export function AnswerLibraryView() {
  const listing = useApi('answerLibrary.list', {});
  const [origin, setOrigin] = useState<OriginFilter>('all');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // While a save reloads the list, the one before stays on screen (no flicker, the place kept).
  const [shown, setShown] = useState<LibraryListing | null>(null);
  const fresh = listing.state === 'ready' ? listing.value : null;
  useEffect(() => {
    if (fresh) setShown(fresh);
  }, [fresh]);
  const ready = fresh ?? shown;
  const visible = useMemo(
    () => (ready ? ready.entries.filter((e) => matchesLibrary(e, origin, query)) : []),
    [ready, origin, query],
  );
  const current =
    ready && editing && editing.key !== null
      ? (ready.entries.find((e) => e.key === editing.key) ?? null)
      : null;
  return (
    <section
      className="screen"
      data-testid="screen-answer-library"
      data-ready={listing.state === 'ready' ? 'true' : 'false'}
    >
      <header className="screen-head">
        <h1>
          <a href={formatHash('questionnaires')}>Questionnaires</a> / Answer library
        </h1>
        <span className="muted">
          Each customer question is matched to an entry by CAIQ id or SIG number first, then by its text;
          edits apply to the next questionnaire read or filled
        </span>
        <button
          type="button"
          data-testid="lib-new"
          onClick={() => {
            setSaved(null);
            setEditing({ key: null });
          }}
        >
          New entry
        </button>
      </header>
      {listing.state === 'loading' && !ready && <Loading />}
      {listing.state === 'error' && <ErrorBanner error={listing.error} onRetry={listing.reload} />}
      {ready && (
        <>
          <div className="filters" role="group" aria-label="Filter">
            <input
              type="search"
              placeholder="Search question, id, keyword"
              value={query}
              data-testid="lib-search"
              onChange={(e) => setQuery(e.target.value)}
            />
            {ORIGIN_FILTERS.map((f) => (
              <button
                key={f}
                type="button"
                aria-pressed={origin === f}
                data-testid={`lib-filter-${f}`}
                onClick={() => setOrigin(f)}
              >
                {ORIGIN_TITLES[f]} ({ready.entries.filter((e) => matchesLibrary(e, f, '')).length})
              </button>
            ))}
          </div>
          {saved && (
            <div className="panel small" data-testid="lib-saved">
              {saved}
            </div>
          )}
          <div className="split">
            <ol className="panel q-list" data-testid="lib-list" aria-label="Entries">
              {visible.map((e) => (
                <li key={e.key}>
                  <button
                    type="button"
                    className="cell-button"
                    data-testid={`lib-entry-${e.key}`}
                    aria-selected={editing?.key === e.key}
                    onClick={() => {
                      setSaved(null);
                      setEditing({ key: e.key });
                    }}
                  >
                    <span>
                      <strong>{e.key}</strong>
                      <span className="badge" data-testid="lib-origin">
                        {ORIGIN_BADGES[e.origin]}
                      </span>{' '}
                      <span className="muted small">{[...e.caiq, ...e.sig].join(' ')}</span>
                    </span>
                    <span className="small">{e.question}</span>
                    <span className="muted small">
                      {answeredBy(e)}
                      {e.updatedAt
                        ? ` · revision ${e.revision} by ${e.updatedBy}, ${formatTs(e.updatedAt)}`
                        : ''}
                    </span>
                  </button>
                </li>
              ))}
              {visible.length === 0 && <li className="muted">No entry matches.</li>}
            </ol>
            {editing && (editing.key === null || current) && (
              <EntryEditor
                key={`${editing.key ?? 'new'}:${current?.revision ?? 0}`}
                entry={current}
                rules={ready.rules}
                onSaved={(e) => {
                  setSaved(
                    `Saved ${e.key}, revision ${e.revision} by ${e.updatedBy}: the next fill matches with it.`,
                  );
                  setEditing({ key: e.key });
                  listing.reload();
                }}
              />
            )}
          </div>
        </>
      )}
    </section>
  );
}

function answeredBy(e: LibraryListEntry): string {
  if (e.rule === null) return `fixed answer: ${ANSWER_LABELS[e.answer ?? 'not_evidenced']}`;
  if (e.rule.startsWith('not:')) return 'the trail cannot answer it';
  return `computed from the evidence (${e.rule})`;
}

function EntryEditor({
  entry,
  rules,
  onSaved,
}: {
  entry: LibraryListEntry | null;
  rules: LibraryListing['rules'];
  onSaved: (e: LibraryListEntry) => void;
}) {
  const client = useClient();
  const [form, setForm] = useState<LibraryForm>(() => formOf(entry, rules[0]?.id ?? ''));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof LibraryForm>(k: K, v: LibraryForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const problem = formProblem(form);
  const save = async () => {
    setError(null);
    setBusy(true);
    const r = await client.call('answerLibrary.save', saveArgs(form));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onSaved(r.value);
  };
  return (
    <div className="q-detail" data-testid="lib-editor" data-key={entry?.key ?? ''}>
      <div className="panel">
        <h2>{entry ? `Edit ${entry.key}` : 'New entry'}</h2>
        {entry?.origin === 'builtin' && (
          <p className="muted small">
            A built-in entry: saving keeps your version under the same key, with its history.
          </p>
        )}
        <label className="block">
          Question
          <textarea
            rows={2}
            value={form.question}
            data-testid="lib-question"
            onChange={(e) => set('question', e.target.value)}
          />
        </label>
        <label className="block">
          How it is answered
          <select
            value={form.mode}
            data-testid="lib-mode"
            onChange={(e) => set('mode', e.target.value as AnswerMode)}
          >
            <option value="rule">Computed from the verified evidence</option>
            <option value="not">The audit trail cannot answer it (says why)</option>
            <option value="fixed">A fixed answer the team gives</option>
          </select>
        </label>
        {form.mode === 'rule' && (
          <label className="block">
            Evidence rule
            <select value={form.rule} data-testid="lib-rule" onChange={(e) => set('rule', e.target.value)}>
              {rules.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id}: {r.question}
                </option>
              ))}
            </select>
          </label>
        )}
        {form.mode === 'not' && (
          <TextField
            title="Why the trail cannot answer it"
            value={form.why}
            testId="lib-why"
            onChange={(v) => set('why', v)}
          />
        )}
        {form.mode === 'fixed' && (
          <>
            <label className="block">
              Answer
              <AnswerSelect value={form.answer} testId="lib-answer" onChange={(v) => set('answer', v)} />
            </label>
            <p className="muted small">
              A fixed “Yes” still turns to No when a finding contradicts the built-in answers of the same CAIQ
              ids.
            </p>
          </>
        )}
        <label className="block">
          {form.mode === 'fixed'
            ? 'Narrative (written into the notes cell)'
            : 'The team’s words (optional; they lead the narrative the evidence gives)'}
          <textarea
            rows={3}
            value={form.narrative}
            data-testid="lib-narrative"
            onChange={(e) => set('narrative', e.target.value)}
          />
        </label>
        <TextField
          title="CAIQ question ids (comma-separated)"
          value={form.caiq}
          placeholder="A&A-01.1, IAM-16.1"
          testId="lib-caiq"
          onChange={(v) => set('caiq', v)}
        />
        <TextField
          title="SIG question numbers (your edition’s)"
          value={form.sig}
          testId="lib-sig"
          onChange={(v) => set('sig', v)}
        />
        <TextField
          title="Keywords (help matching by text)"
          value={form.keywords}
          testId="lib-keywords"
          onChange={(v) => set('keywords', v)}
        />
        {problem && (
          <p className="muted small" data-testid="lib-problem">
            {problem}
          </p>
        )}
        {error && <ErrorBanner error={error} />}
        <button
          type="button"
          data-testid="lib-save"
          disabled={problem !== null || busy}
          onClick={() => void save()}
        >
          {busy ? 'Saving…' : entry ? 'Save a new revision' : 'Add the entry'}
        </button>
      </div>
      {entry && entry.revision > 0 && <EntryHistory entryKey={entry.key} />}
    </div>
  );
}

function EntryHistory({ entryKey }: { entryKey: string }) {
  // The editor is keyed by revision, so a save mounts this again and the history is read anew.
  const history = useApi('answerLibrary.history', { key: entryKey });
  return (
    <div className="panel small" data-testid="lib-history">
      <h2>Who changed what</h2>
      {history.state === 'loading' && <Loading />}
      {history.state === 'error' && <ErrorBanner error={history.error} onRetry={history.reload} />}
      {history.state === 'ready' && (
        <ul>
          {[...history.value].reverse().map((h: LibraryRevision) => (
            <li key={h.revision}>
              revision {h.revision}, {formatTs(h.at)} by {h.by}:{' '}
              {h.changed.length > 0 ? `changed ${h.changed.join(', ')}` : 'saved unchanged'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TextField({
  title,
  value,
  placeholder,
  testId,
  onChange,
}: {
  title: string;
  value: string;
  placeholder?: string;
  testId: string;
  onChange: (v: string) => void;
}) {
  return (
    <label className="block">
      {title}
      <input
        type="text"
        value={value}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
