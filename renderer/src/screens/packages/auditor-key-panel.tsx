/** The auditor's own binder-signing key: which one it is, and its public half for whoever checks. */
import { useState } from 'react';
import { useApi, useClient } from '../../api-context.js';
import { chooseDestination, fetchDownload } from './destination.js';

export function AuditorKeyPanel() {
  const client = useClient();
  const key = useApi('auditorKey.get', {});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const exportKey = async () => {
    setError(null);
    const dest = await chooseDestination('crosscheck-auditor-key.pub.json');
    if (dest === null) return;
    const r = await client.call('auditorKey.export', dest ? { dest } : {});
    if (!r.ok) return setError(r.error.message);
    if (r.value.downloadId) fetchDownload(r.value.downloadId, r.value.name);
    setSaved(r.value.path ?? r.value.name);
    key.reload();
  };
  return (
    <div className="panel" data-testid="auditor-key-panel">
      <h2>Your signing key</h2>
      <p className="muted">
        Binders are signed with your own Ed25519 key, kept in the app’s data folder. Hand the public key to
        whoever checks a binder:{' '}
        <span className="mono">crosscheck verify-binder binder.zip --key key.pub.json</span>
      </p>
      {key.state === 'ready' && (
        <p data-testid="auditor-key">
          {key.value.exists ? (
            <>
              {key.value.name} · key id <span className="mono">{key.value.keyId}</span>
            </>
          ) : (
            'No key yet: it is created with the first binder, or now when you export the public key.'
          )}
        </p>
      )}
      <button type="button" onClick={() => void exportKey()} data-testid="auditor-key-export">
        Export the public key
      </button>
      {saved && <p className="muted">Saved: {saved}</p>}
      {error && <p className="inline-error">{error}</p>}
    </div>
  );
}
