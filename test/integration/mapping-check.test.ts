/**
 * A vendor's mapping in 2013 numbering, checked against a real engagement with a planted defect:
 * obsolete ids translated, mislabels and unknown ids reported, supported claims cited, claims the
 * trail cannot show said so, and the one the planted finding contradicts named with its seq.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMappingText } from '../../electron/core/frameworks/mapping-check-store.js';
import { factsFindings, scopeFacts } from '../../electron/core/frameworks/scope-facts.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import type { MappingClaim } from '../../shared/frameworks/mapping-check.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { crosscheck } from '../support/cli.js';
import { plantedStore } from '../support/planted-store.js';

let dir: string;
let store: Store;
let engagement: number;

const MAPPING_CSV = [
  'Framework ID,Platform control,Evidence claimed',
  'A.9.2.3,Privileged operations need an approver,approval records',
  'A.12.4.1,Tamper-evident audit log,signed hash-chained log',
  'CC1 — Security,Security programme,policy set',
  'A.9.4.1,Policy engine restricts connector calls,decision log',
  'A.7.2.2,Security awareness training,LMS records',
  'A.19.1.1,AI governance,model cards',
  'CC6.1; CC6.3,Role-based access,RBAC configuration',
].join('\n');

beforeAll(async () => {
  dir = tempDir();
  ({ store, engagement } = await plantedStore(dir, 'mapping', 'scope_violation'));
}, 60_000);
afterAll(() => {
  store.close();
  removeDir(dir);
});

function byGiven(claims: MappingClaim[], given: string): MappingClaim {
  const c = claims.find((x) => x.given === given);
  if (!c) throw new Error(`no claim ${given} in ${claims.map((x) => x.given).join(', ')}`);
  return c;
}

describe('platform mapping check', () => {
  it('translates 2013 ids, reports obsolete, unknown and mislabelled ids, and concludes each claim from the trail', () => {
    const claims = checkMappingText(store.db, engagement, MAPPING_CSV, 'vendor.csv');
    expect(claims).toHaveLength(8);
    const priv = byGiven(claims, 'A.9.2.3');
    expect(priv).toMatchObject({
      line: 2,
      obsolete: true,
      read: { edition: '2013' },
      platformControl: 'Privileged operations need an approver',
    });
    expect(priv.targets.map((t) => t.id)).toEqual(['8.2']);
    expect(priv.reason).toContain('A.9.2.3 (2013) is A.8.2 in ISO/IEC 27001:2022');

    const log = byGiven(claims, 'A.12.4.1');
    expect(log).toMatchObject({ obsolete: true, verdict: 'supported' });
    expect(log.targets[0]!.id).toBe('8.15');
    expect(log.reason).toContain('tested, no exceptions');

    const cc1 = byGiven(claims, 'CC1 — Security');
    expect(cc1.mislabel).toMatch(/CC1 is control environment/);
    expect(cc1.verdict).toBe('cannot_show');

    // The planted scope violation contradicts access restriction: the claim names the seq.
    const access = byGiven(claims, 'A.9.4.1');
    expect(access.verdict).toBe('contradicted');
    const seqs = (factsFindings(scopeFacts(store.db, engagement), 'iso27001').get('8.3') ?? []).flatMap(
      (f) => f.seqs,
    );
    expect(seqs.length).toBeGreaterThan(0);
    expect(access.reason).toContain(`seq ${seqs[0]}`);

    expect(byGiven(claims, 'A.7.2.2')).toMatchObject({ obsolete: true, verdict: 'cannot_show' });
    expect(byGiven(claims, 'A.7.2.2').reason).toContain('needs the client’s documents');
    expect(byGiven(claims, 'A.19.1.1')).toMatchObject({ verdict: 'unknown' });
    // A cell of two ids is two claims.
    expect(claims.filter((c) => c.line === 8).map((c) => c.given)).toEqual(['CC6.1', 'CC6.3']);
    const rbac = byGiven(claims, 'CC6.1');
    expect(rbac.targets[0]!.citations.length + rbac.targets[0]!.findings.length).toBeGreaterThan(0);
  });

  it('reads the same mapping as a Markdown table and as HTML', () => {
    const csv = checkMappingText(store.db, engagement, MAPPING_CSV, 'vendor.csv');
    const rows = MAPPING_CSV.split('\n').map((l) => l.split(','));
    const md = [
      '| ' + rows[0]!.join(' | ') + ' |',
      '|---|---|---|',
      ...rows.slice(1).map((r) => '| ' + r.join(' | ') + ' |'),
    ].join('\n');
    const html = `<table><tr>${rows[0]!.map((c) => `<th>${c}</th>`).join('')}</tr>${rows
      .slice(1)
      .map((r) => `<tr>${r.map((c) => `<td>${c.replace('—', '&mdash;')}</td>`).join('')}</tr>`)
      .join('')}</table>`;
    const verdicts = (cs: MappingClaim[]) =>
      cs.map((c) => [c.given, c.verdict, c.obsolete, c.mislabel !== null]);
    expect(verdicts(checkMappingText(store.db, engagement, md, 'vendor.md'))).toEqual(verdicts(csv));
    expect(verdicts(checkMappingText(store.db, engagement, html, 'vendor.html'))).toEqual(verdicts(csv));
    expect(() =>
      checkMappingText(store.db, engagement, 'Framework ID,Platform control\n', 'empty.csv'),
    ).toThrow(/no claims/);
  });

  it('crosscheck mapping check prints each claim and a summary; --json gives the claims', () => {
    store.close();
    const file = path.join(dir, 'vendor.csv');
    writeFileSync(file, MAPPING_CSV);
    const sd = path.join(dir, 'store');
    const text = crosscheck(['mapping', 'check', file, '--store', sd]);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('line 2: A.9.2.3 — Privileged operations need an approver');
    expect(text.stdout).toMatch(
      /8 claim\(s\): 2 supported, 2 cannot be shown, 3 contradicted, 1 unknown; 4 in 2013 numbering, 1 mislabelled/,
    );
    const json = JSON.parse(
      crosscheck(['mapping', 'check', file, '--store', sd, '--json']).stdout,
    ) as MappingClaim[];
    expect(json).toHaveLength(8);
    expect(crosscheck(['mapping', '--help']).stdout).toContain('mapping check <mapping.csv|.md|.html>');
    store = openStore(sd);
  });
});
