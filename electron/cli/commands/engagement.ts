/**
 * `crosscheck engagement list|show|create|update`: the engagements of the store (one client, one
 * period, the frameworks in scope), each change recorded with who and when.
 */
import type { EngagementView } from '../../../shared/engagement/engagement-types.js';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { createEngagement, engagementHistory, getEngagement, listEngagements, updateEngagement } from '../../core/engagement/engagements.js';
import { listExports } from '../../services/queries/exports-queries.js';
import { exportJson } from '../json-rows.js';
import { readScope } from '../read-scope.js';
import { parseCommand, requireString } from '../cli-support.js';
import { withReadStore, withWritableStore } from '../store-access.js';
import { osUser } from '../../core/os-user.js';

export const ENGAGEMENT_USAGE = [
  'crosscheck engagement list [--store <dir>] [--json]',
  'crosscheck engagement show <id> [--store <dir>] [--json]',
  'crosscheck engagement create --name N [--org <org id>]... [--from T] [--to T] [--frameworks soc2,iso27001] [--store <dir>] [--json]',
  'crosscheck engagement update <id> [--name N] [--org <org id>]... [--from T|none] [--to T|none] [--frameworks soc2,iso27001] [--store <dir>] [--json]',
].join('\n       ');


function line(e: EngagementView): string {
  const period = e.periodFrom || e.periodTo ? `${e.periodFrom ?? '…'} – ${e.periodTo ?? '…'}` : e.span ? `${e.span.from} – ${e.span.to} (exports' span)` : 'no period';
  const orgs = e.orgs.map((o) => `${o.orgName ?? ''} (${o.orgId})`.trim()).join(', ') || 'no organisation yet';
  return `${e.id.padStart(3)}  ${e.name}\n     ${orgs}\n     period ${period}; ${e.frameworks.join(', ')}; ${e.exports} export(s)${e.voided ? `, ${e.voided} voided` : ''}\n`;
}

function frameworksFlag(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `--from none` clears a bound; a timestamp sets it; absent leaves it. */
function boundFlag(v: unknown): string | null | undefined {
  if (v === undefined) return undefined;
  return v === 'none' ? null : String(v);
}

const EDIT_OPTIONS = {
  name: { type: 'string' },
  org: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  frameworks: { type: 'string' },
  store: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function engagementCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const out = (json: boolean, value: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);
  switch (sub) {
    case 'list': {
      const { values } = parseCommand(rest, { store: { type: 'string' }, json: { type: 'boolean' } }, 0, ENGAGEMENT_USAGE);
      const all = await withReadStore(values.store as string | undefined, (s) => listEngagements(s.db));
      out(values.json === true, all, all.length === 0 ? 'no engagements yet (importing an export creates its client’s)\n' : all.map(line).join(''));
      return 0;
    }
    case 'show': {
      const { values, positionals } = parseCommand(rest, { store: { type: 'string' }, json: { type: 'boolean' } }, 1, ENGAGEMENT_USAGE);
      const shown = await withReadStore(values.store as string | undefined, (s) => {
        const engagement = getEngagement(s.db, positionals[0]!);
        return { engagement, history: engagementHistory(s.db, engagement.id), exports: listExports(s, readScope(s, Number(engagement.id)).exports).reverse().map(exportJson) };
      });
      const text = [
        line(shown.engagement),
        '     exports:\n',
        ...shown.exports.map((x) => `       #${x.ref} ${x.integrity} ${x.exportId ?? '(no manifest)'} seq ${x.firstSeq ?? '?'}–${x.lastSeq ?? '?'} from ${x.fileName}${x.voided ? `  [VOIDED: ${x.voided}]` : ''}\n`),
        '     history:\n',
        ...shown.history.map((h) => `       ${h.at} ${h.by}: ${h.action} ${JSON.stringify(h.detail)}\n`),
      ].join('');
      out(values.json === true, shown, text);
      return 0;
    }
    case 'create': {
      const { values } = parseCommand(rest, EDIT_OPTIONS, 0, ENGAGEMENT_USAGE);
      const name = requireString(values.name, '--name', ENGAGEMENT_USAGE);
      const fw = frameworksFlag(values.frameworks);
      const from = boundFlag(values.from);
      const to = boundFlag(values.to);
      const e = await withWritableStore(values.store as string | undefined, (s) =>
        createEngagement(
          s.db,
          {
            name,
            ...(values.org ? { orgIds: values.org as string[] } : {}),
            ...(from !== undefined ? { periodFrom: from } : {}),
            ...(to !== undefined ? { periodTo: to } : {}),
            ...(fw ? { frameworks: fw as EngagementView['frameworks'] } : {}),
          },
          { by: osUser(), at: new Date().toISOString() },
        ),
      );
      out(values.json === true, e, `created engagement\n${line(e)}`);
      return 0;
    }
    case 'update': {
      const { values, positionals } = parseCommand(rest, EDIT_OPTIONS, 1, ENGAGEMENT_USAGE);
      const fw = frameworksFlag(values.frameworks);
      const from = boundFlag(values.from);
      const to = boundFlag(values.to);
      const e = await withWritableStore(values.store as string | undefined, (s) =>
        updateEngagement(
          s.db,
          positionals[0]!,
          {
            ...(values.name !== undefined ? { name: values.name as string } : {}),
            ...(values.org ? { addOrgIds: values.org as string[] } : {}),
            ...(from !== undefined ? { periodFrom: from } : {}),
            ...(to !== undefined ? { periodTo: to } : {}),
            ...(fw ? { frameworks: fw as EngagementView['frameworks'] } : {}),
          },
          { by: osUser(), at: new Date().toISOString() },
        ),
      );
      out(values.json === true, e, `updated engagement\n${line(e)}`);
      return 0;
    }
    default:
      throw new CrosscheckError('BAD_ARGUMENTS', `usage: ${ENGAGEMENT_USAGE}`);
  }
}
