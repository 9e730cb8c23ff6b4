/**
 * Attaching a document to a criterion the trail cannot evidence: the desktop app passes the
 * file's path, a browser uploads it. The attachment is content-addressed and custody-logged.
 */
import type { FrameworkId } from '../../../../shared/engagement/engagement-types.js';
import { useClient, useRevision } from '../../api-context.js';
import { FilePickLink, InlineError, useFileSend } from '../../components/file-pick.js';

export function AttachDocument({ criterion, framework }: { criterion: string; framework: FrameworkId }) {
  const client = useClient();
  const { bump } = useRevision();
  const { busy, error, pick } = useFileSend(
    (file, f) => client.call('documents.attach', { controlId: criterion, framework, file, fileName: f.name }),
    bump,
  );
  return (
    <div className="small">
      <FilePickLink onFile={pick} testId={`attach-${criterion}`}>
        {busy ? 'Attaching…' : 'Attach a document…'}
      </FilePickLink>
      <InlineError error={error} />
    </div>
  );
}
