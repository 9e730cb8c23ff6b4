/**
 * The package PDF's sections, in order. Adding a section (a statement of applicability, a
 * workpaper) is a new file exporting a PdfSection, listed here: nothing else changes.
 */
import type { PdfSection, SectionDef } from '../kit/primitives.js';
import { APPENDIX_SECTION } from './appendix.js';
import { DATA_FLOW_SECTION } from './data-flow.js';
import { DOCUMENTS_SECTION } from './documents.js';
import { EXECUTION_SECTION } from './execution.js';
import { FINDINGS_SECTION } from './findings.js';
import { QUESTIONNAIRE_SECTION } from './questionnaire.js';
import { QUESTIONNAIRES_SECTION } from './questionnaires.js';
import { RESPONSIBILITY_SECTION } from './responsibility.js';
import { SOC2_SECTION } from './soc2.js';
import { SUBPROCESSORS_SECTION } from './subprocessors.js';
import { SOA_SECTION } from './soa.js';
import { GAPS_SECTION } from './gaps.js';
import { READINESS_SECTION } from './readiness.js';
import { MAPPING_SECTION } from './mapping-check.js';
import { WORKPAPERS_SECTION } from './workpapers.js';
import { CHECKLIST_SECTION } from './checklist.js';

export const PACKAGE_SECTIONS: readonly PdfSection[] = [
  EXECUTION_SECTION,
  DATA_FLOW_SECTION,
  QUESTIONNAIRE_SECTION,
  QUESTIONNAIRES_SECTION,
  SUBPROCESSORS_SECTION,
  SOC2_SECTION,
  FINDINGS_SECTION,
  RESPONSIBILITY_SECTION,
  SOA_SECTION,
  GAPS_SECTION,
  READINESS_SECTION,
  MAPPING_SECTION,
  WORKPAPERS_SECTION,
  CHECKLIST_SECTION,
  DOCUMENTS_SECTION,
  APPENDIX_SECTION,
];

/** Ids and titles, for the contents page and bookmarks. */
export const SECTIONS: readonly SectionDef[] = PACKAGE_SECTIONS.map(({ id, title }) => ({ id, title }));
