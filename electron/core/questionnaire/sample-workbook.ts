/**
 * Synthetic questionnaires in the two layouts customers send (CAIQ v4 style: one sheet, ids like
 * `IAM-05.1`; SIG Lite style: one sheet per domain, numbers like `H.2`), written as Excel writes
 * them: shared strings, styles, a drop-down on the answer column, a formula, frozen header, column
 * widths, merged title cells, a second sheet. The wording is Crosscheck's own (no licensed text):
 * for tests, the benchmark and trying the workflow.
 */
import { buildWorkbook, type XlsxCell as Cell, type XlsxSheet as SampleSheet } from '../xlsx/build-workbook.js';

export type SampleLayout = 'caiq' | 'sig';

interface SampleQuestion {
  caiq: string;
  sig: string;
  text: string;
}

/** Questions in our own words: some the audit trail answers, some it cannot. */
export const SAMPLE_QUESTIONS: readonly SampleQuestion[] = [
  {
    caiq: 'LOG-09.1',
    sig: 'U.1',
    text: 'Are activity logs protected against tampering, and is their integrity checked?',
  },
  {
    caiq: 'LOG-07.1',
    sig: 'U.2',
    text: 'Is activity logged without interruption over the whole period, with no missing stretches?',
  },
  {
    caiq: 'IAM-16.1',
    sig: 'H.1',
    text: 'Is each automated agent limited to the systems inside its declared scope, with calls outside it blocked?',
  },
  {
    caiq: 'IAM-04.1',
    sig: 'H.2',
    text: 'Must a person with an approving role sign off high-risk actions before they execute?',
  },
  {
    caiq: 'IAM-06.1',
    sig: 'H.3',
    text: 'Are changes to policies, users and keys restricted to people holding the required role?',
  },
  {
    caiq: 'LOG-05.1',
    sig: 'U.3',
    text: 'Is deviation of an agent from its declared purpose detected as it happens?',
  },
  {
    caiq: 'SEF-03.1',
    sig: 'J.1',
    text: 'Is an agent that deviates badly contained automatically without waiting for a person?',
  },
  {
    caiq: 'STA-07.1',
    sig: 'B.1',
    text: 'Are all third parties that receive data identified and mapped to a legal entity?',
  },
  {
    caiq: 'IAM-14.1',
    sig: 'H.4',
    text: 'Is multi-factor authentication required for all remote and administrative access?',
  },
  {
    caiq: 'HRS-02.1',
    sig: 'E.1',
    text: 'Are background checks performed on new employees before they start?',
  },
  { caiq: 'HRS-11.1', sig: 'E.2', text: 'Do all staff complete security awareness training every year?' },
  {
    caiq: 'CEK-03.1',
    sig: 'D.1',
    text: 'Is customer data encrypted at rest with keys managed by the provider?',
  },
];

const CAIQ_DOMAINS = [
  'A&A',
  'AIS',
  'BCR',
  'CCC',
  'CEK',
  'DCS',
  'DSP',
  'GRC',
  'HRS',
  'IAM',
  'IPY',
  'IVS',
  'LOG',
  'SEF',
  'STA',
  'TVM',
  'UEM',
];
const FILLER_TOPICS = [
  'asset inventory',
  'change approval',
  'capacity planning',
  'vendor review',
  'physical entry',
  'patch cadence',
  'backup restore test',
  'policy review',
  'risk register',
  'secure coding',
];

/** `count` questions: the sample ones first, then filler in our own words spread over the 17 CAIQ domains. */
export function sampleQuestions(count: number): SampleQuestion[] {
  const out = SAMPLE_QUESTIONS.slice(0, count).map((q) => ({ ...q }));
  for (let i = out.length; i < count; i++) {
    const d = CAIQ_DOMAINS[i % CAIQ_DOMAINS.length]!;
    const n = Math.floor(i / CAIQ_DOMAINS.length) + 1;
    const topic = FILLER_TOPICS[i % FILLER_TOPICS.length]!;
    out.push({
      caiq: `${d}-${String(20 + n).padStart(2, '0')}.1`,
      sig: `Z.${i + 1}`,
      text: `Is the ${topic} procedure number ${i + 1} documented, owned and reviewed at least yearly?`,
    });
  }
  return out;
}

/** The sheets of a sample questionnaire in `layout` with `count` questions. */
function sampleSheets(layout: SampleLayout, count: number): SampleSheet[] {
  const qs = sampleQuestions(count);
  const intro: SampleSheet = {
    name: 'Introduction',
    headerRows: 0,
    widths: [100],
    rows: [
      [
        'Sample questionnaire written by Crosscheck for testing (its own wording; not a licensed questionnaire).',
      ],
      ['Answer every question in the yellow column and explain in the notes column.'],
    ],
    merge: 'A1:C1',
  };
  if (layout === 'caiq') {
    const header: Cell[] = [
      'Question ID',
      'Question',
      'CSP CAIQ Answer',
      'SSRM Control Ownership',
      'CSP Implementation Description (Optional/Recommended)',
      'CSC Responsibilities',
    ];
    const first = 3;
    const lastRow = first + qs.length;
    const main: SampleSheet = {
      name: 'CAIQv4',
      headerRows: 2,
      widths: [12, 60, 14, 18, 50, 30],
      colStyles: { 1: 3, 2: 2, 4: 2 },
      rows: [
        ['Consensus-style assessment (sample)', null, null, null, null, null],
        header,
        ...qs.map((q): Cell[] => [q.caiq, q.text, null, null, null, null]),
      ],
      validation: { sqref: `C${first}:C${lastRow}`, list: 'Yes,No,NA' },
    };
    const summary: SampleSheet = {
      name: 'Summary',
      headerRows: 1,
      widths: [20, 12],
      rows: [
        ['Answer', 'Count'],
        ['Yes', { f: `COUNTIF(CAIQv4!C${first}:C${lastRow},"Yes")` }],
        ['No', { f: `COUNTIF(CAIQv4!C${first}:C${lastRow},"No")` }],
      ],
    };
    return [intro, main, summary];
  }
  const byLetter = new Map<string, SampleQuestion[]>();
  for (const q of qs) {
    const l = q.sig.split('.')[0]!;
    byLetter.set(l, [...(byLetter.get(l) ?? []), q]);
  }
  const titles: Record<string, string> = {
    B: 'Third Parties',
    D: 'Data Protection',
    E: 'Human Resources',
    H: 'Access Control',
    J: 'Incident Handling',
    U: 'Logging',
    Z: 'Other Controls',
  };
  const sheets: SampleSheet[] = [intro];
  for (const [l, group] of [...byLetter.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    sheets.push({
      name: `${l}. ${titles[l] ?? 'Domain'}`,
      headerRows: 1,
      widths: [10, 60, 14, 50],
      colStyles: { 1: 3, 2: 2, 3: 2 },
      rows: [
        ['Ques Num', 'Question/Request', 'Response', 'Additional Information'],
        ...group.map((q): Cell[] => [q.sig, q.text, null, null]),
      ],
      validation: { sqref: `C2:C${group.length + 1}`, list: 'Yes,No,N/A' },
    });
  }
  return sheets;
}

/** The bytes of a sample `.xlsx` questionnaire. */
export async function sampleWorkbook(layout: SampleLayout, count = SAMPLE_QUESTIONS.length): Promise<Buffer> {
  return buildWorkbook(sampleSheets(layout, count), { title: 'Sample questionnaire', creator: 'Crosscheck test suite', activeTab: 1 });
}
