/**
 * Mapping a workbook's columns in the app when its headers are not recognised: the sheet, the
 * header row and which column holds the id, question, answer and notes, chosen over a preview of
 * the first rows. The services remember the mapping for the layout once the workbook is added.
 */
import { useState } from 'react';
import type { WorkbookPreview } from '../../../../shared/questionnaire/questionnaire-types.js';
import { choiceProblem, initialChoice, mappingSpecOf, type ColumnChoice } from './column-mapping-form.js';

const ROLES = [
  ['id', 'Question id (optional)'],
  ['question', 'Question'],
  ['answer', 'Answer'],
  ['notes', 'Notes (optional)'],
] as const;

export function ColumnMapping({
  preview,
  busy,
  onMap,
  onCancel,
}: {
  preview: WorkbookPreview;
  busy: boolean;
  onMap: (spec: string) => void;
  onCancel: () => void;
}) {
  const [choice, setChoice] = useState<ColumnChoice>(() => initialChoice(preview));
  const sheet = preview.sheets.find((s) => s.name === choice.sheet) ?? preview.sheets[0];
  const set = <K extends keyof ColumnChoice>(k: K, v: ColumnChoice[K]) =>
    setChoice((c) => ({ ...c, [k]: v }));
  const problem = choiceProblem(choice);
  if (!sheet) return null;
  const header = sheet.rows[choice.headerRow - 1] ?? [];
  const roleOf = (col: string) => ROLES.find(([r]) => choice[r] === col)?.[0];
  return (
    <div className="panel" role="dialog" aria-label="Map the columns" data-testid="q-mapping">
      <h2>Which columns hold the questions and answers?</h2>
      <p className="muted small">
        {preview.fileName}: Crosscheck did not recognise its headers. Choose them once; the next workbook of
        this layout is read by itself.
      </p>
      <div className="filters">
        {preview.sheets.length > 1 && (
          <label>
            Sheet{' '}
            <select
              value={sheet.name}
              data-testid="q-mapping-sheet"
              onChange={(e) => {
                const s = preview.sheets.find((x) => x.name === e.target.value);
                setChoice({
                  ...initialChoice(preview),
                  sheet: e.target.value,
                  headerRow: s?.headerGuess ?? 1,
                });
              }}
            >
              {preview.sheets.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Header row{' '}
          <input
            type="number"
            min={0}
            max={sheet.rows.length}
            value={choice.headerRow}
            data-testid="q-mapping-header"
            onChange={(e) => set('headerRow', Number(e.target.value))}
            style={{ width: '5em' }}
          />
        </label>
        {ROLES.map(([role, title]) => (
          <label key={role}>
            {title}{' '}
            <select
              value={choice[role]}
              data-testid={`q-mapping-${role}`}
              onChange={(e) => set(role, e.target.value)}
            >
              <option value="">—</option>
              {sheet.columns.map((c, i) => (
                <option key={c} value={c}>
                  {c}
                  {header[i] ? ` — ${header[i]}` : ''}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="table-scroll">
        <table className="grid small" data-testid="q-mapping-preview">
          <thead>
            <tr>
              <th scope="col">Row</th>
              {sheet.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                  {roleOf(c) ? ` (${roleOf(c)})` : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sheet.rows.slice(0, 12).map((r, i) => (
              <tr key={i} className={i + 1 === choice.headerRow ? 'selected' : undefined}>
                <td className="muted">{i + 1}</td>
                {r.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problem && <p className="muted small">{problem}</p>}
      <div className="filters">
        <button
          type="button"
          data-testid="q-mapping-save"
          disabled={problem !== null || busy}
          onClick={() => onMap(mappingSpecOf(choice, preview))}
        >
          {busy ? 'Reading the workbook…' : 'Read it with these columns'}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
