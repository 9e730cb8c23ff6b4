/**
 * The engagement the auditor works in: every screen's calls go through a client that adds its
 * id, so one client's data never shows in another's. The choice is kept per machine.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../../../shared/api/client.js';
import { isEngagementScoped } from '../../../shared/api/engagement-scoped.js';
import type { EngagementView } from '../../../shared/engagement/engagement-types.js';
import { ClientProvider, useClient, useRevision } from '../api-context.js';
import { useImport } from '../import-context.js';
import { EngagementChooser } from './engagement-chooser.js';

const STORAGE_KEY = 'crosscheck.engagement';

interface EngagementApi {
  engagements: EngagementView[] | null;
  current: EngagementView | null;
  select(id: string): void;
  /** Re-reads the list (after a create or rename). */
  reload(): void;
}

const EngagementContext = createContext<EngagementApi>({ engagements: null, current: null, select: () => undefined, reload: () => undefined });

export function useEngagement(): EngagementApi {
  return useContext(EngagementContext);
}

function remembered(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** A client that names engagement `id` in every scoped call (an explicit id in the args wins). */
export function scopedClient(base: ApiClient, id: string | null): ApiClient {
  if (id === null) return base;
  return {
    call(method, args) {
      if (!isEngagementScoped(method)) return base.call(method, args);
      return base.call(method, { engagementId: id, ...(args as object) } as typeof args);
    },
  };
}

export function EngagementProvider({ children }: { children: ReactNode }) {
  const base = useClient();
  const { revision } = useRevision();
  const [engagements, setEngagements] = useState<EngagementView[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(remembered);
  const [local, setLocal] = useState(0);

  useEffect(() => {
    void base.call('engagements.list', {}).then((r) => setEngagements(r.ok ? r.value : []));
  }, [base, revision, local]);

  const current = useMemo(() => {
    if (!engagements || engagements.length === 0) return null;
    return engagements.find((e) => e.id === chosen) ?? engagements[0]!;
  }, [engagements, chosen]);

  const select = useCallback((id: string) => {
    setChosen(id);
    try {
      window.localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // A browser without storage forgets the choice on reload; nothing else changes.
    }
  }, []);
  const reload = useCallback(() => setLocal((n) => n + 1), []);
  // An import lands in its client's engagement: show that engagement once it is in.
  const { job } = useImport();
  const landedIn = job?.state === 'done' && job.kind === 'import' ? (job.outcome?.engagementId ?? null) : null;
  useEffect(() => {
    if (landedIn !== null) select(landedIn);
  }, [landedIn, select]);
  const client = useMemo(() => scopedClient(base, current?.id ?? null), [base, current?.id]);
  const api = useMemo(() => ({ engagements, current, select, reload }), [engagements, current, select, reload]);

  // Until the list is known, screens wait: a call without the id could read the wrong client.
  if (engagements === null) return <div className="state loading">Loading engagements…</div>;
  // Several clients and none chosen on this machine yet: ask, rather than open the first.
  if (engagements.length > 1 && (chosen === null || !engagements.some((e) => e.id === chosen))) return <EngagementChooser engagements={engagements} onChoose={select} />;
  return (
    <EngagementContext.Provider value={api}>
      <ClientProvider client={client}>{children}</ClientProvider>
    </EngagementContext.Provider>
  );
}
