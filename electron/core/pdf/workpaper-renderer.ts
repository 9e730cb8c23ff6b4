/** Where workpaper PDFs are rendered: like package PDFs, react-pdf is loaded only when one is asked for. */
import { preferProductionReact } from './react-mode.js';
import type { PrintedWorkpaper } from './sections/workpapers.js';

/** A workpaper's PDF (react-pdf loaded on first use). */
export async function renderWorkpaper(p: PrintedWorkpaper, resourcesDir?: string): Promise<Buffer> {
  preferProductionReact();
  const { renderWorkpaperPdf } = await import('./workpaper-pdf.js');
  return renderWorkpaperPdf(p, resourcesDir !== undefined ? { resourcesDir } : {});
}
