/**
 * The Statement of Applicability table: one row per Annex A control, arrow keys move between rows,
 * Enter edits the focused row; every count links to the entries behind it.
 */
import { Fragment, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { IMPLEMENTATION_LABELS, type SoaRow } from '../../../../shared/frameworks/soa.js';
import { CoverageBadge } from '../../components/badges.js';
import { formatHash } from '../../logic/routes.js';
import { SoaEditor, type SoaPatchIn } from './soa-editor.js';
import type { SoaSort } from './soa-logic.js';

interface Props {
  rows: SoaRow[];
  editing: string | null;
  sort: SoaSort;
  desc: boolean;
  onSort: (s: SoaSort) => void;
  onEdit: (control: string | null) => void;
  onSave: (control: string, p: SoaPatchIn) => Promise<string | null>;
}

function SortHead({
  label,
  s,
  sort,
  desc,
  onSort,
}: {
  label: string;
  s: SoaSort;
  sort: SoaSort;
  desc: boolean;
  onSort: (s: SoaSort) => void;
}) {
  return (
    <th scope="col" aria-sort={sort === s ? (desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link" data-testid={`soa-sort-${s}`} onClick={() => onSort(s)}>
        {label}
        {sort === s ? (desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
}

export function SoaTable({ rows, editing, sort, desc, onSort, onEdit, onSave }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number) => {
    if (e.target !== e.currentTarget) return;
    const focusRow = (j: number) =>
      body.current?.querySelectorAll<HTMLTableRowElement>('tr[data-control]')[j]?.focus();
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusRow(Math.min(i + 1, rows.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onEdit(rows[i]!.control);
    }
  };
  const heads = { sort, desc, onSort };
  return (
    <table className="grid soa" data-testid="soa-table" data-rows={rows.length}>
      <thead>
        <tr>
          <SortHead label="Control" s="control" {...heads} />
          <th scope="col">Applies</th>
          <SortHead label="Implementation" s="implementation" {...heads} />
          <SortHead label="Conclusion" s="coverage" {...heads} />
          <SortHead label="Evidence" s="evidence" {...heads} />
          <SortHead label="Findings" s="findings" {...heads} />
          <th scope="col">Carried by</th>
          <th scope="col">Justification</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {rows.map((r, i) => {
          const findings = r.findings.reduce((s, f) => s + f.count, 0);
          return (
            <Fragment key={r.control}>
              <tr
                tabIndex={0}
                data-control={r.control}
                data-testid={`soa-row-${r.control}`}
                data-applicable={r.applicable ? 'yes' : 'no'}
                data-flagged={r.flags.length > 0 ? 'true' : 'false'}
                aria-selected={editing === r.control}
                onKeyDown={(e) => onKey(e, i)}
                onDoubleClick={() => onEdit(r.control)}
              >
                <th scope="row">
                  <a href={formatHash('frameworks', [], { framework: 'iso27001', control: r.control })}>
                    A.{r.control}
                  </a>{' '}
                  {r.title}
                  {r.soc2.length > 0 && (
                    <div className="muted small">SOC 2: {r.soc2.map((s) => s.id).join(', ')}</div>
                  )}
                </th>
                <td>{r.applicable ? 'yes' : <strong>no</strong>}</td>
                <td>{IMPLEMENTATION_LABELS[r.implementation]}</td>
                <td>
                  <CoverageBadge status={r.coverage} />
                </td>
                <td className="num">
                  {r.evidence.count > 0 ? (
                    <a
                      href={formatHash('trail', [], { controls: r.control, framework: 'iso27001' })}
                      data-testid="soa-evidence-link"
                      title={r.evidence.runs.map((x) => `${x.origin} seq ${x.fromSeq}–${x.toSeq}`).join('\n')}
                    >
                      {r.evidence.count}
                    </a>
                  ) : (
                    '0'
                  )}
                  {r.evidence.runs.length > 0 && (
                    <div className="muted small">
                      seq {r.evidence.runs.map((x) => `${x.fromSeq}–${x.toSeq}`).join(', ')} ·{' '}
                      {r.evidence.exports.length} export(s)
                    </div>
                  )}
                </td>
                <td className="num">
                  {findings > 0 ? (
                    <a
                      href={formatHash('trail', [], {
                        controls: r.control,
                        framework: 'iso27001',
                        withFindings: '1',
                      })}
                      data-testid="soa-findings-link"
                      title={r.findings
                        .map((f) => `${f.kind} (${f.severity}) seq ${f.seqs.join(', ')}`)
                        .join('\n')}
                    >
                      {findings}
                    </a>
                  ) : (
                    '0'
                  )}
                  {r.findings.length > 0 && (
                    <div className="muted small">
                      {r.findings.map((f) => `${f.kind} seq ${f.seqs.slice(0, 3).join(', ')}`).join('; ')}
                    </div>
                  )}
                </td>
                <td title={r.responsibility.basis}>{r.responsibility.layers.join(', ')}</td>
                <td className="message">
                  {r.justification || <em className="muted">none</em>}
                  {r.flags.map((f) => (
                    <div key={f} className="flag" data-testid="soa-flag">
                      ⚠ {f}
                    </div>
                  ))}
                  {r.edited && (
                    <div className="muted small" data-testid="soa-edited">
                      edited by {r.edited.by}, {r.edited.at}
                    </div>
                  )}
                  {editing !== r.control && (
                    <button
                      type="button"
                      className="link small"
                      data-testid={`soa-edit-${r.control}`}
                      onClick={() => onEdit(r.control)}
                    >
                      Edit
                    </button>
                  )}
                </td>
              </tr>
              {editing === r.control && (
                <tr className="editor-row">
                  <td colSpan={8}>
                    <SoaEditor row={r} onSave={(p) => onSave(r.control, p)} onCancel={() => onEdit(null)} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
