/** Importing a licensed catalog (OSCAL JSON or CSV id,title,text) for its full text; a refused file changes nothing and says which rows. */
import { useRef, useState } from 'react';
import type { ImportedCatalogView } from '../../../../shared/frameworks/frameworks-view.js';
import type { FrameworkId } from '../../../../shared/engagement/engagement-types.js';
import { useClient, useRevision } from '../../api-context.js';
import { fileRefFor } from '../../file-ref.js';

export function CatalogImport({
  framework,
  licensed,
}: {
  framework: FrameworkId;
  licensed: ImportedCatalogView | null;
}) {
  const client = useClient();
  const { bump } = useRevision();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      const r = await client.call('frameworks.importCatalog', {
        framework,
        file: await fileRefFor(file),
        fileName: file.name,
      });
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
    <div className="small catalog-import" data-testid="catalog-import">
      {licensed ? (
        <span data-testid="catalog-licensed">
          Full text from {licensed.sourceName} ({licensed.controls} controls, imported {licensed.importedAt}{' '}
          by {licensed.importedBy}).{' '}
        </span>
      ) : (
        <span>Titles are ours. </span>
      )}
      <label className="link">
        {busy
          ? 'Importing…'
          : licensed
            ? 'Replace the licensed catalog…'
            : 'Import a licensed catalog (OSCAL JSON or CSV id,title,text)…'}
        <input
          ref={input}
          type="file"
          hidden
          accept=".json,.csv,application/json,text/csv"
          data-testid={`catalog-file-${framework}`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void load(f);
          }}
        />
      </label>
      {error && (
        <pre role="alert" className="error" data-testid="catalog-error">
          {error}
        </pre>
      )}
    </div>
  );
}
