/**
 * The review of one questionnaire: a filtered list of its questions beside the selected one's
 * question, answer and evidence; accept or override (with a reason) each answer, j/k to move,
 * a to accept; progress counts answers reviewed on the evidence as it stands now.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../../../shared/api/result.js';
import type { ExportedFile } from '../../../../shared/api/view-types.js';
import {
  ANSWER_LABELS,
  type AnswerValue,
  type QuestionnaireItem,
  type QuestionnaireView,
} from '../../../../shared/questionnaire/questionnaire-types.js';
import { useApi, useClient } from '../../api-context.js';
import { ErrorBanner, Loading } from '../../components/states.js';
import { AnswerSelect } from './answer-select.js';
import { formatTs } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';
import { chooseDestination, fetchDownload } from '../../file-transfer.js';
import {
  FILTER_TITLES,
  matchesFilter,
  REVIEW_FILTERS,
  stepSelection,
  type ReviewFilter,
} from './review-filters.js';

const ANSWER_CLASS: Record<AnswerValue, string> = {
  yes: 'sev-text-low',
  no: 'sev-text-critical',
  partial: 'sev-text-medium',
  na: 'muted',
  not_evidenced: 'muted',
};

export function ReviewView({ questionnaireId }: { questionnaireId: string }) {
  const loaded = useApi('questionnaires.get', { questionnaireId });
  const [view, setView] = useState<QuestionnaireView | null>(null);
  // The loaded value seeds the view; each review answers with the whole view, which replaces it.
  const fresh = loaded.state === 'ready' ? loaded.value : null;
  useEffect(() => {
    if (fresh) setView(fresh);
  }, [fresh]);
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!view) return <Loading label="Reading the workbook and the evidence…" />;
  return <Review view={view} onChange={setView} />;
}

function Review({ view, onChange }: { view: QuestionnaireView; onChange: (v: QuestionnaireView) => void }) {
  const client = useClient();
  const [filter, setFilter] = useState<ReviewFilter>('all');
  const [selected, setSelected] = useState<number | null>(view.items[0]?.item ?? null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // A CSV's Evidence listing waits as its own download, fetched by the user's click (a browser
  // holds back a second download that starts by itself).
  const [evidence, setEvidence] = useState<ExportedFile | null>(null);
  const visible = useMemo(
    () => view.items.filter((i) => matchesFilter(i, filter)).map((i) => i.item),
    [view, filter],
  );
  const current = selected === null ? null : (view.items[selected] ?? null);
  const reviewed = view.items.filter((i) => i.flags.reviewed).length;

  const review = async (args: {
    item: number;
    action: 'accept' | 'override' | 'clear';
    answer?: AnswerValue;
    narrative?: string;
    reason?: string;
  }): Promise<boolean> => {
    setError(null);
    const r = await client.call('questionnaires.review', { questionnaireId: view.id, ...args });
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    onChange(r.value);
    return true;
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        setSelected((s) => stepSelection(visible, s, e.key === 'j' ? 1 : -1));
      } else if (e.key === 'a' && selected !== null) {
        e.preventDefault();
        // Accept and go on to the next question, as a reviewer walking the list expects.
        const next = stepSelection(visible, selected, 1);
        void review({ item: selected, action: 'accept' }).then((done) => done && setSelected(next));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // The list of a long questionnaire scrolls: the selected question stays in sight as j/k move.
  useEffect(() => {
    if (selected === null) return;
    document.querySelector(`[data-testid="q-item-${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const exportFilled = async () => {
    setError(null);
    const dest = await chooseDestination(view.fileName.replace(/(\.[^.]+)?$/, '-filled$1'));
    if (dest === null) return;
    const r = await client.call('questionnaires.export', {
      questionnaireId: view.id,
      ...(dest ? { dest } : {}),
    });
    if (!r.ok) return setError(r.error);
    if (r.value.downloadId) fetchDownload(r.value.downloadId, r.value.name);
    const ev = r.value.evidence;
    setEvidence(ev);
    setSaved(
      `${r.value.name} (${r.value.bytes} bytes, sha256 ${r.value.sha256.slice(0, 12)}…)` +
        (ev
          ? ` and its Evidence listing ${ev.name} (${ev.bytes} bytes, sha256 ${ev.sha256.slice(0, 12)}…)`
          : '') +
        ', recorded in the custody log',
    );
  };

  return (
    <section className="screen" data-testid="screen-questionnaire-review" data-ready="true">
      <header className="screen-head">
        <h1>
          <a href={formatHash('questionnaires')}>Questionnaires</a> / {view.fileName}
        </h1>
        <span className="muted">
          {view.layout.toUpperCase()} layout · {view.items.length} questions ·{' '}
          <strong data-testid="q-progress">
            {reviewed} of {view.items.length} reviewed
          </strong>
        </span>
        <button type="button" data-testid="q-export" onClick={() => void exportFilled()}>
          Download filled workbook
        </button>
      </header>
      {saved && (
        <div className="panel small" data-testid="q-export-done">
          Saved {saved}
          {evidence?.downloadId && (
            <button
              type="button"
              className="inline-action"
              data-testid="q-export-evidence"
              onClick={() => {
                fetchDownload(evidence.downloadId!, evidence.name);
                setEvidence(null);
              }}
            >
              Download the Evidence CSV
            </button>
          )}
        </div>
      )}
      {error && <ErrorBanner error={error} />}
      <div className="filters row-windows" role="group" aria-label="Filter">
        {REVIEW_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={filter === f}
            data-testid={`q-filter-${f}`}
            onClick={() => {
              setFilter(f);
              // A filter that hides the selected question selects its first one instead.
              const shown = view.items.filter((i) => matchesFilter(i, f)).map((i) => i.item);
              if (selected === null || !shown.includes(selected)) setSelected(shown[0] ?? null);
            }}
          >
            {FILTER_TITLES[f]} ({view.items.filter((i) => matchesFilter(i, f)).length})
          </button>
        ))}
        <span className="muted small">j / k: next / previous · a: accept and go to the next</span>
      </div>
      <div className="split">
        <ol className="panel q-list" data-testid="q-list" aria-label="Questions">
          {visible.map((n) => {
            const it = view.items[n]!;
            return (
              <li key={n}>
                <button
                  type="button"
                  className="cell-button"
                  data-testid={`q-item-${n}`}
                  aria-selected={selected === n}
                  onClick={() => setSelected(n)}
                >
                  <span>
                    <strong>{it.questionId ?? `${it.sheet}!${it.row}`}</strong>{' '}
                    <span className={ANSWER_CLASS[it.final.answer]}>{ANSWER_LABELS[it.final.answer]}</span>
                    {it.flags.contradicted && <span className="badge sev-text-critical"> contradicted</span>}
                    {it.flags.reviewed && <span className="badge"> reviewed</span>}
                    {it.flags.changedSinceReview && <span className="badge sev-text-medium"> changed</span>}
                  </span>
                  <span className="muted small">
                    {it.question.length > 90 ? `${it.question.slice(0, 90)}…` : it.question}
                  </span>
                </button>
              </li>
            );
          })}
          {visible.length === 0 && (
            <li className="muted" data-testid="q-list-empty">
              No question under “{FILTER_TITLES[filter]}”.
            </li>
          )}
        </ol>
        {current && (
          <ItemDetail
            key={current.item}
            item={current}
            history={view.history.filter((h) => h.item === current.item)}
            onReview={review}
          />
        )}
      </div>
      {view.history.length > 0 && (
        <details className="panel small" data-testid="q-all-history">
          <summary>Who changed what in this questionnaire ({view.history.length})</summary>
          <ul>
            {[...view.history].reverse().map((h, i) => {
              const it = view.items[h.item];
              return (
                <li key={i}>
                  {formatTs(h.at)} {h.by}: {h.action}{' '}
                  <button type="button" className="link" onClick={() => setSelected(h.item)}>
                    {it?.questionId ?? `#${h.item + 1}`}
                  </button>
                  {h.answer ? ` → ${ANSWER_LABELS[h.answer]}` : ''}
                  {h.reason ? ` (“${h.reason}”)` : ''}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
}

function ItemDetail({
  item,
  history,
  onReview,
}: {
  item: QuestionnaireItem;
  history: QuestionnaireView['history'];
  onReview: (a: {
    item: number;
    action: 'accept' | 'override' | 'clear';
    answer?: AnswerValue;
    narrative?: string;
    reason?: string;
  }) => Promise<boolean>;
}) {
  const [answer, setAnswer] = useState<AnswerValue>(item.final.answer);
  const [narrative, setNarrative] = useState(item.final.narrative);
  const [reason, setReason] = useState('');
  const m = item.match;
  return (
    <div className="q-detail" data-testid="q-detail" data-item={item.item}>
      <div className="panel">
        <h2>Question</h2>
        <p data-testid="q-question">
          <strong>{item.questionId}</strong> {item.question}
        </p>
        <p className="muted small">
          {item.sheet}!{item.row} ·{' '}
          {m.by === 'none'
            ? 'no library entry matches'
            : `matched ${m.entryKey} by ${m.by}, confidence ${Math.round(m.confidence * 100)}%`}
          {item.previousAnswer ? ` · the workbook held “${item.previousAnswer}”` : ''} ·{' '}
          <a href={formatHash('questionnaires', ['library'])} data-testid="q-library-link">
            {m.by === 'none' ? 'add an entry to the answer library' : 'answer library'}
          </a>
        </p>
      </div>
      <div className="panel">
        <h2>Answer</h2>
        <p data-testid="q-answer" data-answer={item.final.answer}>
          <strong className={ANSWER_CLASS[item.final.answer]}>{ANSWER_LABELS[item.final.answer]}</strong>{' '}
          {item.final.narrative}
        </p>
        {item.final.overridden && item.review && (
          <p className="sev-text-medium small" data-testid="q-override-note">
            Set by {item.review.by} at {formatTs(item.review.at)} instead of the computed “
            {ANSWER_LABELS[item.computed.answer]}”: {item.review.reason}
          </p>
        )}
        {item.flags.changedSinceReview && item.review && (
          <p className="sev-text-medium small" data-testid="q-changed-note">
            The evidence changed since this answer was reviewed
            {item.review.action === 'accept' && item.review.answer
              ? ` (accepted as “${ANSWER_LABELS[item.review.answer]}” by ${item.review.by}, ${formatTs(item.review.at)}; now “${ANSWER_LABELS[item.computed.answer]}”)`
              : ` (by ${item.review.by}, ${formatTs(item.review.at)})`}
            : review it again.
          </p>
        )}
        <div className="filters">
          <button
            type="button"
            data-testid="q-accept"
            onClick={() => void onReview({ item: item.item, action: 'accept' })}
          >
            Accept
          </button>
          {item.review && (
            <button
              type="button"
              className="link"
              data-testid="q-clear"
              onClick={() => void onReview({ item: item.item, action: 'clear' })}
            >
              Clear review
            </button>
          )}
        </div>
        <details data-testid="q-edit">
          <summary>Change the answer…</summary>
          <label>
            Answer <AnswerSelect value={answer} testId="q-edit-answer" onChange={setAnswer} />
          </label>
          <label className="block">
            Narrative
            <textarea
              value={narrative}
              rows={3}
              data-testid="q-edit-narrative"
              onChange={(e) => setNarrative(e.target.value)}
            />
          </label>
          <label className="block">
            Reason (required, shown beside the answer)
            <input
              type="text"
              value={reason}
              data-testid="q-edit-reason"
              onChange={(e) => setReason(e.target.value)}
              size={60}
            />
          </label>
          <button
            type="button"
            data-testid="q-edit-save"
            disabled={reason.trim().length < 3}
            onClick={() => void onReview({ item: item.item, action: 'override', answer, narrative, reason })}
          >
            Save override
          </button>
        </details>
      </div>
      <div className="panel">
        <h2>Evidence</h2>
        {item.computed.contradictions.length > 0 && (
          <p className="sev-text-critical" data-testid="q-contradictions">
            Contradicted by {item.computed.contradictions.map((c) => `${c.count} ${c.kind}`).join(', ')}
          </p>
        )}
        <ul className="small" data-testid="q-citations">
          {item.computed.citations.map((c, i) => (
            <li key={i}>
              <strong>{c.kind}</strong> {c.ref} — <span className="muted">{c.detail}</span>
            </li>
          ))}
          {item.computed.citations.length === 0 && (
            <li className="muted">No citation: the trail does not answer this question.</li>
          )}
        </ul>
      </div>
      {history.length > 0 && (
        <div className="panel small" data-testid="q-history">
          <h2>Who changed what</h2>
          <ul>
            {history.map((h, i) => (
              <li key={i}>
                {formatTs(h.at)} {h.by}: {h.action}
                {h.answer ? ` → ${ANSWER_LABELS[h.answer]}` : ''}
                {h.reason ? ` (“${h.reason}”)` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
