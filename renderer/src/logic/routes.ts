/** Hash routes (`#/trail?agentId=…`): bookmarkable, and no server-side routes needed under serve. */

export const SCREENS = ['exports', 'trail', 'findings', 'agents', 'controls', 'responsibility', 'packages', 'frameworks', 'questionnaires', 'testing', 'checklist'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  exports: 'Exports',
  trail: 'Audit trail',
  findings: 'Findings',
  agents: 'Agents',
  controls: 'Controls',
  responsibility: 'Responsibility',
  packages: 'Packages',
  frameworks: 'Frameworks',
  testing: 'Testing',
  checklist: 'Checklist',
  questionnaires: 'Questionnaires',
};

export interface Route {
  screen: Screen;
  /** Path segments after the screen, e.g. an agent id. */
  rest: string[];
  params: Record<string, string>;
}

function isScreen(s: string): s is Screen {
  return (SCREENS as readonly string[]).includes(s);
}

/** Parses `#/screen/a/b?x=1`; anything unknown lands on Exports. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const pathPart = q >= 0 ? raw.slice(0, q) : raw;
  const query = q >= 0 ? raw.slice(q + 1) : '';
  const [first = '', ...rest] = pathPart.split('/').filter((p) => p.length > 0).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { screen: isScreen(first) ? first : 'exports', rest: isScreen(first) ? rest : [], params };
}

/** Builds a hash; empty parameters are dropped and keys sorted so equal routes are equal strings. */
export function formatHash(screen: Screen, rest: string[] = [], params: Record<string, string | undefined> = {}): string {
  const path = [screen, ...rest.map(encodeURIComponent)].join('/');
  const qs = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v !== undefined && v !== '') qs.set(k, v);
  }
  const s = qs.toString();
  return `#/${path}${s ? `?${s}` : ''}`;
}
