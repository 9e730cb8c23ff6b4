/** Help → About: app and runtime versions, the store folder and the transport. */
import { useEffect, useRef } from 'react';
import { useApi } from '../api-context.js';
import { ErrorBanner, Loading } from './states.js';

export function AboutDialog({ onClose }: { onClose: () => void }) {
  const info = useApi('app.info', {});
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="about" data-testid="about-dialog" onClose={onClose}>
      <h2>About Crosscheck</h2>
      {info.state === 'loading' && <Loading />}
      {info.state === 'error' && <ErrorBanner error={info.error} />}
      {info.state === 'ready' && (
        <dl>
          <dt>Version</dt>
          <dd>{info.value.version}</dd>
          <dt>Transport</dt>
          <dd>{info.value.transport === 'ipc' ? 'desktop (IPC)' : 'browser (crosscheck serve)'}</dd>
          <dt>Store</dt>
          <dd className="mono">{info.value.storeDir}</dd>
          {Object.entries(info.value.versions).map(([k, v]) => (
            <div key={k} className="dl-row">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
