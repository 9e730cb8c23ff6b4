/** Importing a licensed catalog (OSCAL JSON or CSV id,title,text) for its full text; a refused file changes nothing and says which rows. */
import type { ImportedCatalogView } from '../../../../shared/frameworks/frameworks-view.js';
import type { FrameworkId } from '../../../../shared/engagement/engagement-types.js';
import { useClient, useRevision } from '../../api-context.js';
import { FilePickLink, useFileSend } from '../../components/file-pick.js';

export function CatalogImport({
  framework,
  licensed,
}: {
  framework: FrameworkId;
  licensed: ImportedCatalogView | null;
}) {
  const client = useClient();
  const { bump } = useRevision();
  const { busy, error, pick } = useFileSend(
    (file, f) => client.call('frameworks.importCatalog', { framework, file, fileName: f.name }),
    bump,
  );
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
      <FilePickLink
        onFile={pick}
        accept=".json,.csv,application/json,text/csv"
        testId={`catalog-file-${framework}`}
      >
        {busy
          ? 'Importing…'
          : licensed
            ? 'Replace the licensed catalog…'
            : 'Import a licensed catalog (OSCAL JSON or CSV id,title,text)…'}
      </FilePickLink>
      {error && (
        <pre role="alert" className="error" data-testid="catalog-error">
          {error}
        </pre>
      )}
    </div>
  );
}
