/**
 * pdfkit, as react-pdf drives it, opens the font anew for every text run: react-pdf passes the
 * fontkit font object (not a name pdfkit could cache by), so each run builds a new embedded-font
 * wrapper and compares it with the one already registered by serialising both fonts' name tables
 * (`isEqualFont`). A 35-page package has about 12,000 runs; that comparison alone was 0.4 s of
 * its PDF. The same fontkit object always resolves to the same registered font, so this keeps
 * the answer per document and font object and gives it back without reopening.
 */
import PDFDocument from 'pdfkit';

interface FontContext {
  _font: unknown;
  _fontSource: unknown;
  _fontFamily: unknown;
  fontSize(size: number): unknown;
}
type FontMethod = (this: FontContext, src: unknown, family?: unknown, size?: unknown) => unknown;

const proto = (PDFDocument as unknown as { prototype: { font: FontMethod } }).prototype;
const opened = new WeakMap<object, WeakMap<object, unknown>>();
let installed = false;

/** Installs the per-document font cache on pdfkit's documents (once per process). */
export function installFontCache(): void {
  if (installed) return;
  installed = true;
  const original = proto.font;
  proto.font = function (this: FontContext, src: unknown, family?: unknown, size?: unknown): unknown {
    // Only the call shape react-pdf uses, font(fontkitFont, size): anything else goes through as is.
    if (src === null || typeof src !== 'object' || typeof family !== 'number' || size !== undefined)
      return original.call(this, src, family, size);
    let fonts = opened.get(this);
    if (fonts === undefined) opened.set(this, (fonts = new WeakMap()));
    const known = fonts.get(src);
    if (known === undefined) {
      const r = original.call(this, src, family);
      fonts.set(src, this._font);
      return r;
    }
    // What pdfkit's own font() leaves behind when it finds the font already registered.
    this._fontSource = src;
    this._fontFamily = null;
    this.fontSize(family);
    this._font = known;
    return this;
  };
}
