/** The PDF's section registry: one entry per section file, in contents order, ids unique. */
import { describe, expect, it } from 'vitest';
import { PACKAGE_SECTIONS, SECTIONS } from '../../electron/core/pdf/package-pdf.js';

describe('PDF section registry', () => {
  it('lists every section once, with an anchor id and a title, in the contents order', () => {
    const ids = PACKAGE_SECTIONS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SECTIONS.map((s) => s.title)).toEqual(PACKAGE_SECTIONS.map((s) => s.title));
    expect(SECTIONS[0]!.title).toBe('1. Execution graph');
    expect(SECTIONS.at(-1)!.id).toBe('appendix');
    for (const s of PACKAGE_SECTIONS) expect(typeof s.render).toBe('function');
  });
});
