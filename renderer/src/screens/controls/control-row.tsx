/** One criterion: conclusion with its rule, evidence drill-down, findings, tests and disputed pairings. */
import type { ControlCoverage } from '../../../../shared/api/view-types.js';
import { CoverageBadge } from '../../components/badges.js';
import { formatCount } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';
import { AttachDocument } from './attach-document.js';
import type { FrameworkId } from '../../../../shared/engagement/engagement-types.js';

export function ControlRow({ line: c, selected, framework }: { line: ControlCoverage; selected: boolean; framework: FrameworkId }) {
  return (
    <tr data-testid="control-row" data-criterion={c.criterion} data-status={c.status} aria-selected={selected}>
      <td>
        <strong>{c.criterion}</strong>
        <div className="small">{c.title}</div>
      </td>
      <td>
        <CoverageBadge status={c.status} />
        <div className="control-rule" data-testid="control-rule">
          {c.rule}
        </div>
        {c.basis === 'document' && c.status !== 'exceptions' && <AttachDocument criterion={c.criterion} framework={framework} />}
      </td>
      <td className="num">
        {c.evidence > 0 ? (
          <a href={formatHash('trail', [], { controls: c.criterion, framework })} data-testid="control-evidence" title="Accepted entries only (quarantined copies are no evidence)">
            {formatCount(c.evidence)}
          </a>
        ) : (
          0
        )}
      </td>
      <td className="num">{c.findings > 0 ? <a href={formatHash('findings', [], { by: 'control' })}>{formatCount(c.findings)}</a> : 0}</td>
      <td className="action-types">
        {c.actionTypes.map((a) => (
          <a key={a.actionType} className="chip" href={formatHash('trail', [], { actionType: a.actionType })} title={`${a.relation === 'added' ? 'Crosscheck’s addition' : 'declared by the platform (spec §10)'}: ${a.reason}`}>
            {a.actionType} <span className="muted">{formatCount(a.count)}</span>
          </a>
        ))}
        {c.tests
          .filter((t) => t.population > 0)
          .map((t) => (
            <div key={t.id} className="small" data-testid="control-test">
              re-performed: {t.label} ({formatCount(t.reperformed)} of {formatCount(t.population)})
            </div>
          ))}
        {c.disputed.map((d) => (
          <div key={d.actionType} className="control-disputed" data-testid="control-disputed">
            The platform maps {d.actionType} here; Crosscheck does not: {d.reason}.
          </div>
        ))}
      </td>
    </tr>
  );
}
