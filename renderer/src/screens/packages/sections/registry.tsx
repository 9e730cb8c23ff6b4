/**
 * The sections of a package on screen, in the order of the PDF. A new section (the SoA, a
 * workpaper, a questionnaire) is a new file here and one line in this list.
 */
import type { ComponentType } from 'react';
import type { PackageView } from '../../../../../shared/api/view-types.js';
import { ComplementarySection } from './complementary-section.js';
import { CustodySection } from './custody-section.js';
import { CustomerQuestionnairesSection } from './customer-questionnaires-section.js';
import { DataFlowSection } from './data-flow-section.js';
import { DocumentsSection } from './documents-section.js';
import { ExecutionSection } from './execution-section.js';
import { FindingsSection } from './findings-section.js';
import { FrameworksSection } from './frameworks-section.js';
import { IntegritySection } from './integrity-section.js';
import { QuestionnaireSection } from './questionnaire-section.js';
import { ResponsibilitySection } from './responsibility-section.js';
import { Soc2Section } from './soc2-section.js';
import { SubprocessorsSection } from './subprocessors-section.js';

export interface PackageSection {
  id: string;
  Component: ComponentType<{ view: PackageView }>;
}

/** Most sections read only the package document. */
function ofDoc(Component: ComponentType<{ doc: PackageView['doc'] }>): ComponentType<{ view: PackageView }> {
  const Wrapped = ({ view }: { view: PackageView }) => <Component doc={view.doc} />;
  Wrapped.displayName = Component.displayName ?? Component.name;
  return Wrapped;
}

export const PACKAGE_SECTIONS: readonly PackageSection[] = [
  { id: 'execution', Component: ofDoc(ExecutionSection) },
  { id: 'data-flow', Component: ofDoc(DataFlowSection) },
  { id: 'questionnaire', Component: ofDoc(QuestionnaireSection) },
  { id: 'customer-questionnaires', Component: ofDoc(CustomerQuestionnairesSection) },
  { id: 'subprocessors', Component: ofDoc(SubprocessorsSection) },
  { id: 'soc2', Component: ofDoc(Soc2Section) },
  { id: 'findings', Component: ofDoc(FindingsSection) },
  { id: 'integrity', Component: ofDoc(IntegritySection) },
  { id: 'responsibility', Component: ofDoc(ResponsibilitySection) },
  { id: 'complementary', Component: ofDoc(ComplementarySection) },
  { id: 'frameworks', Component: ofDoc(FrameworksSection) },
  { id: 'documents', Component: ofDoc(DocumentsSection) },
  { id: 'custody', Component: ({ view }) => <CustodySection custody={view.custody} /> },
];
