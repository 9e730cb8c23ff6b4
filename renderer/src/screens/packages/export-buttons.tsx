/** Export one package record as PDF, JSON or a signed binder, with the job's progress. */
import type { PackageFormat } from '../../../../shared/package/file-names.js';
import { exportFileName } from '../../../../shared/package/file-names.js';
import type { PackageRecord } from '../../../../shared/package/record-types.js';
import { useClient } from '../../api-context.js';
import { useJob } from '../../jobs/use-job.js';
import { chooseDestination, download } from './destination.js';
import { PackageJobProgress } from './package-job.js';

export function ExportButtons({ record }: { record: PackageRecord }) {
  const client = useClient();
  const handle = useJob();
  const running = handle.job?.state === 'running';
  const start = async (format: PackageFormat) => {
    const dest = await chooseDestination(exportFileName(record, format));
    if (dest === null) return;
    await handle.run(
      () =>
        client.call(
          'packages.export',
          dest ? { packageId: record.id, format, dest } : { packageId: record.id, format },
        ),
      download,
    );
  };
  return (
    <div className="panel" data-testid="package-export">
      <div className="row">
        <button type="button" disabled={running} onClick={() => void start('pdf')} data-testid="export-pdf">
          Export PDF
        </button>
        <button type="button" disabled={running} onClick={() => void start('json')} data-testid="export-json">
          Export JSON
        </button>
        <button
          type="button"
          disabled={running}
          onClick={() => void start('binder')}
          data-testid="export-binder"
        >
          Export signed binder (.zip)
        </button>
        <span className="hint">
          The binder holds the PDF, the JSON, the population as CSV, OSCAL assessment results, the data-flow
          diagram's mermaid source and a signed SHA256SUMS.
        </span>
      </div>
      <PackageJobProgress handle={handle} what="Exporting" />
    </div>
  );
}
