/**
 * One workpaper as a PDF of its own (`crosscheck sample --pdf`, the app's download), set with the
 * package's kit and the same blocks as the package's "Tests of controls" section. Metadata dates
 * come from the workpaper, so the same workpaper renders to the same bytes.
 */
import { createElement } from 'react';
import { Document, Page, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { h, preloadPdfFonts, s } from './kit/primitives.js';
import { workpaperBlocks, type PrintedWorkpaper } from './sections/workpapers.js';

/** Renders a workpaper (as drawn, or a concluded version) to PDF bytes. */
export async function renderWorkpaperPdf(
  p: PrintedWorkpaper,
  opts: { resourcesDir?: string } = {},
): Promise<Buffer> {
  await preloadPdfFonts(opts.resourcesDir);
  const w = p.workpaper;
  const at = new Date(p.tested?.concluded_at ?? w.generated_at);
  const title = `Workpaper — ${w.engagement.name} — ${w.framework} ${w.control}`;
  const header = h(
    View,
    { style: s.header, fixed: true },
    h(Text, null, w.engagement.name),
    h(Text, null, `${w.framework} ${w.control}`),
  );
  const footer = h(
    View,
    { style: s.footer, fixed: true },
    h(Text, null, `Crosscheck workpaper ${p.sha256.slice(0, 16)}${p.tested ? ` v${p.tested.version}` : ''}`),
    h(Text, {
      render: ({ pageNumber, totalPages }: { pageNumber: number; totalPages: number }) =>
        `Page ${pageNumber} of ${totalPages}`,
    }),
  );
  const doc = createElement(
    Document,
    {
      title,
      author: p.tested?.concluded_by ?? w.generated_by,
      creator: 'Crosscheck',
      producer: 'Crosscheck',
      keywords: `crosscheck-workpaper ${p.sha256}`,
      creationDate: at,
      modificationDate: at,
    },
    h(
      Page,
      { size: 'A4', style: s.page, wrap: true },
      header,
      footer,
      h(Text, { style: s.h1 }, 'Test of controls — workpaper'),
      ...workpaperBlocks(p),
    ),
  );
  return renderToBuffer(doc);
}
