/** The package PDF over the spec vector bundle: text per section, page images, byte determinism. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageBytes } from '../../electron/core/package/records.js';
import { renderPackagePdf } from '../../electron/core/pdf/package-pdf.js';
import { REPO_ROOT } from '../support/paths.js';
import { vectorPackage } from '../unit/package-vectors.test.js';

const BASE = path.join(REPO_ROOT, 'test-results', 'pdf-vectors');

describe('package PDF (vector bundle)', () => {
  it('renders every section, the same bytes twice, and page images', async () => {
    const doc = vectorPackage(null);
    const { id } = packageBytes(doc);
    const a = await renderPackagePdf(doc, id);
    const b = await renderPackagePdf(doc, id);
    expect(Buffer.compare(a, b)).toBe(0);
    mkdirSync(BASE, { recursive: true });
    // A folder per run: other people's parallel runs in the same tree must not overwrite our files.
    const OUT = mkdtempSync(path.join(BASE, 'run-'));
    const file = path.join(OUT, 'org.pdf');
    writeFileSync(file, a);
    const text = execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, ' ');
    for (const t of ['Compliance package', 'Contents', '1. Execution graph', '2. Data flow', '3. Vendor security questionnaire', '4. Sub-processors', '5. SOC 2 control mapping', '6. Findings', '7. Responsibility matrix', 'Appendix: integrity evidence']) {
      expect(text).toContain(t);
    }
    expect(text).toContain('Tailspin SecOps');
    expect(text).toMatch(/Connector calls\s+183/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '8', file, path.join(OUT, 'page')]);
    expect(readdirSync(OUT).filter((f) => f.endsWith('.png')).length).toBeGreaterThan(3);
  });
});
