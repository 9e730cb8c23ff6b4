/**
 * Packages: generate compliance packages (an agent or the organisation, over a period) with
 * progress, list the immutable records newest first, open one, compare two versions, export PDF,
 * JSON or a signed binder, and see and check Crosscheck's own custody log.
 */
import type { Route } from '../../logic/routes.js';
import { PackageDetail } from './package-detail.js';
import { PackageDiffView } from './package-diff.js';
import { PackageList } from './package-list.js';

export function PackagesScreen({ route }: { route: Route }) {
  const [first] = route.rest;
  if (first === 'diff' && route.params.from && route.params.to)
    return <PackageDiffView fromId={route.params.from} toId={route.params.to} />;
  if (first !== undefined && /^[0-9a-f]{64}$/.test(first)) return <PackageDetail packageId={first} />;
  return <PackageList agentFilter={route.params.agentId ?? ''} />;
}
