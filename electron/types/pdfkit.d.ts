// pdfkit ships no types; Crosscheck touches only its document class (kit/font-cache.ts).
declare module 'pdfkit' {
  const PDFDocument: new (...args: unknown[]) => unknown;
  export = PDFDocument;
}
