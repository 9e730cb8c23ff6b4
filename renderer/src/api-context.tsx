/** The API client for every screen, and a hook that loads one method's result with its three states. */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../../shared/api/client.js';
import type { ArgsOf, MethodName, ResultOf } from '../../shared/api/contract.js';
import type { ApiError } from '../../shared/api/result.js';

const ClientContext = createContext<ApiClient | null>(null);
/** Bumped whenever an import finishes, so every screen reloads its data. */
const RevisionContext = createContext<{ revision: number; bump: () => void }>({ revision: 0, bump: () => undefined });

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  const [revision, setRevision] = useState(0);
  const bump = useCallback(() => setRevision((r) => r + 1), []);
  return (
    <ClientContext.Provider value={client}>
      <RevisionContext.Provider value={{ revision, bump }}>{children}</RevisionContext.Provider>
    </ClientContext.Provider>
  );
}

/** Replaces the client for a subtree (the engagement-scoped client wraps the app's). */
export function ClientProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): ApiClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside ApiProvider');
  return c;
}

export function useRevision(): { revision: number; bump: () => void } {
  return useContext(RevisionContext);
}

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError }
  | { state: 'ready'; value: T };

/** Calls `method` whenever its arguments (compared as JSON) or the data revision change. */
export function useApi<M extends MethodName>(method: M, args: ArgsOf<M> | null): Loadable<ResultOf<M>> & { reload: () => void } {
  const client = useClient();
  const { revision } = useRevision();
  const [local, setLocal] = useState(0);
  const [data, setData] = useState<Loadable<ResultOf<M>>>({ state: 'loading' });
  const key = args === null ? null : JSON.stringify(args);
  const seqRef = useRef(0);
  useEffect(() => {
    if (key === null) return;
    const mySeq = ++seqRef.current;
    setData({ state: 'loading' });
    void client.call(method, JSON.parse(key) as ArgsOf<M>).then((r) => {
      // A slower, older answer must not overwrite a newer one.
      if (mySeq !== seqRef.current) return;
      setData(r.ok ? { state: 'ready', value: r.value } : { state: 'error', error: r.error });
    });
  }, [client, method, key, revision, local]);
  const reload = useCallback(() => setLocal((n) => n + 1), []);
  return { ...data, reload };
}
