/**
 * Attaching a document to a criterion the trail cannot evidence: the desktop app passes the
 * file's path, a browser uploads it. The attachment is content-addressed and custody-logged.
 */
import { useRef, useState } from 'react';
import type { FrameworkId } from '../../../../shared/engagement/engagement-types.js';
import { useClient, useRevision } from '../../api-context.js';
import { fileRefOf } from '../../file-ref.js';

export function AttachDocument({ criterion, framework }: { criterion: string; framework: FrameworkId }) {
  const client = useClient();
  const { bump } = useRevision();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const attach = async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      const ref = await fileRefOf(file);
      const r = await client.call('documents.attach', { controlId: criterion, framework, file: ref, fileName: file.name });
      if (!r.ok) setError(r.error.message);
      else bump();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="small">
      <label className="link">
        {busy ? 'Attaching…' : 'Attach a document…'}
        <input
          ref={input}
          type="file"
          hidden
          data-testid={`attach-${criterion}`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void attach(f);
          }}
        />
      </label>
      {error && (
        <span role="alert" className="sev-text-high">
          {' '}
          {error}
        </span>
      )}
    </div>
  );
}
