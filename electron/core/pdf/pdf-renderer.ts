/**
 * Where package PDFs are rendered: react-pdf is loaded only when a PDF is asked for. Loaded at
 * start-up it cost every command about 0.3 s (`crosscheck --help` took 0.5 s, now 0.2 s).
 */
import { preferProductionReact } from './react-mode.js';
import type { PackageDoc } from '../../../shared/package/package-types.js';

/** The package's PDF, rendered in this thread (react-pdf loaded on first use). */
export async function renderPdf(doc: PackageDoc, packageId: string, resourcesDir?: string): Promise<Buffer> {
  preferProductionReact();
  const { renderPackagePdf } = await import('./package-pdf.js');
  return renderPackagePdf(doc, packageId, { resourcesDir });
}
