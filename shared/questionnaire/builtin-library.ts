/**
 * The answer library's first entries: Crosscheck's own questionnaire (shared/package/questionnaire.ts),
 * each computed from evidence, and the questions an agent audit trail cannot answer, which say so.
 * Keywords are ours; CAIQ v4 ids are references only. SIG numbers are left to the team (SIG is
 * licensed and its numbering changes by edition): it adds them per entry.
 */
import { BUILTIN_QUESTIONS, EVIDENCE_RULES } from './answer-rules.js';
import type { QuestionId } from '../package/questionnaire.js';
import type { AnswerValue } from './questionnaire-types.js';

export interface LibraryEntry {
  key: string;
  source: 'builtin' | 'user';
  question: string;
  keywords: string[];
  caiq: string[];
  sig: string[];
  /** An evidence rule (EVIDENCE_RULES), `not:<why>` (the trail cannot answer), or null (a fixed answer). */
  rule: string | null;
  /** A fixed answer (user entries without a rule). */
  answer: AnswerValue | null;
  narrative: string;
  /** SOC 2 criteria a document for it would be attached to (not-evidenced entries). */
  documentCriteria: string[];
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

const KEYWORDS: Record<QuestionId, string[]> = {
  'DA-1': ['external systems', 'connectors', 'integrations', 'policy decision', 'authorization', 'api calls'],
  'DA-2': ['data types', 'data classification', 'sensitive data', 'data handled', 'personal data'],
  'DA-3': ['write operations', 'changes', 'read-only', 'tighter control', 'least privilege'],
  'DS-1': [
    'tamper-evident',
    'tampering',
    'integrity',
    'audit logs',
    'activity logs',
    'protected',
    'signed',
    'logs checked',
  ],
  'DS-2': ['gaps', 'continuous logging', 'interruption', 'completeness', 'missing stretches', 'whole period'],
  'DS-3': ['third parties', 'subprocessors', 'vendors', 'legal entity', 'data sharing', 'identified'],
  'AC-1': [
    'scope',
    'least privilege',
    'access restricted',
    'blocked',
    'limited',
    'declared scope',
    'automated agent',
  ],
  'AC-2': ['approval', 'high-risk', 'human in the loop', 'sign off', 'approving role', 'execute'],
  'AC-3': [
    'administrative changes',
    'roles',
    'privileged access',
    'policies',
    'users',
    'keys',
    'required role',
  ],
  'MO-1': ['decisions recorded', 're-checked', 'monitoring', 'independent review', 'logged decisions'],
  'MO-2': ['deviation', 'drift', 'declared purpose', 'intent', 'anomaly detection', 'detected'],
  'IR-1': ['containment', 'contained', 'suspension', 'automatic response', 'incident', 'deviates'],
  'IR-2': ['triage', 'escalation', 'deadline', 'response time', 'escalated'],
  'IR-3': ['incident response', 'severity', 'suspension', 'review', 'response'],
};

interface NotEvidencedDef {
  key: string;
  question: string;
  keywords: string[];
  caiq: string[];
  why: string;
  documentCriteria: string[];
}

const NOT_EVIDENCED: readonly NotEvidencedDef[] = [
  {
    key: 'NE-MFA',
    question: 'Is multi-factor authentication enforced for remote and administrative access?',
    keywords: [
      'multi-factor',
      'mfa',
      'two-factor',
      '2fa',
      'authentication',
      'remote access',
      'administrative access',
    ],
    caiq: ['IAM-14.1'],
    why: 'the trail records what agents and users did, not how people authenticated (MFA policy is a configuration and policy matter).',
    documentCriteria: ['CC6.1'],
  },
  {
    key: 'NE-HR-SCREEN',
    question: 'Are background checks performed on new employees?',
    keywords: ['background checks', 'screening', 'employees', 'hiring', 'new hires', 'personnel'],
    caiq: ['HRS-02.1'],
    why: 'personnel screening happens outside the systems the agents use.',
    documentCriteria: ['CC1.4'],
  },
  {
    key: 'NE-HR-TRAINING',
    question: 'Do all staff complete security awareness training?',
    keywords: ['security awareness', 'training', 'staff', 'employees', 'annual training', 'education'],
    caiq: ['HRS-11.1'],
    why: 'training records are kept by HR, not in an agent audit trail.',
    documentCriteria: ['CC1.4', 'CC2.2'],
  },
  {
    key: 'NE-ENCRYPTION',
    question: 'Is customer data encrypted at rest and in transit?',
    keywords: ['encryption', 'encrypted', 'at rest', 'in transit', 'keys managed', 'cryptography', 'tls'],
    caiq: ['CEK-03.1'],
    why: 'storage and transport encryption are properties of the infrastructure, not events in the trail.',
    documentCriteria: ['CC6.1', 'CC6.7'],
  },
  {
    key: 'NE-PHYSICAL',
    question: 'Is physical access to facilities and equipment restricted?',
    keywords: ['physical access', 'facilities', 'data center', 'badge', 'premises'],
    caiq: ['DCS-07.1'],
    why: 'physical security is outside any software audit trail.',
    documentCriteria: ['CC6.4'],
  },
  {
    key: 'NE-CONTINUITY',
    question: 'Are backups taken and business continuity plans tested?',
    keywords: ['backup', 'restore', 'business continuity', 'disaster recovery', 'resilience'],
    caiq: ['BCR-08.1'],
    why: 'backups and continuity tests are not recorded in an agent audit trail.',
    documentCriteria: ['CC9.1'],
  },
  {
    key: 'NE-VULN',
    question: 'Are vulnerability scans and penetration tests performed regularly?',
    keywords: ['vulnerability', 'scanning', 'penetration test', 'pentest', 'patching', 'patch'],
    caiq: ['TVM-07.1'],
    why: 'vulnerability management is evidenced by scan and test reports, not by the trail.',
    documentCriteria: ['CC7.1'],
  },
];

/** Every built-in entry, in a stable order. */
export function builtinLibrary(): LibraryEntry[] {
  const fromQuestionnaire = (Object.keys(EVIDENCE_RULES) as QuestionId[]).map((id): LibraryEntry => ({
    key: id,
    source: 'builtin',
    question: BUILTIN_QUESTIONS[id].question,
    keywords: KEYWORDS[id],
    caiq: [...BUILTIN_QUESTIONS[id].caiq],
    sig: [],
    rule: id,
    answer: null,
    narrative: '',
    documentCriteria: [],
    revision: 0,
    updatedAt: null,
    updatedBy: null,
  }));
  const cannot = NOT_EVIDENCED.map((d): LibraryEntry => ({
    key: d.key,
    source: 'builtin',
    question: d.question,
    keywords: d.keywords,
    caiq: d.caiq,
    sig: [],
    rule: `not:${d.why}`,
    answer: null,
    narrative: '',
    documentCriteria: d.documentCriteria,
    revision: 0,
    updatedAt: null,
    updatedBy: null,
  }));
  return [...fromQuestionnaire, ...cannot];
}
