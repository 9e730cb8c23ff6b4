/**
 * The contract methods that read or change one engagement's data: the renderer's scoped client adds
 * the current engagement's id to each of them, so no screen can forget it (zod-free: the preload
 * and the renderer read it without the schemas).
 */
export const ENGAGEMENT_SCOPED_METHODS = [
  'exports.list',
  'exports.report',
  'exports.continuity',
  'exports.void',
  'entries.facets',
  'entries.query',
  'entries.get',
  'entries.locate',
  'findings.groups',
  'findings.get',
  'findings.list',
  'agents.list',
  'agents.get',
  'controls.coverage',
  'documents.list',
  'documents.attach',
  'frameworks.view',
  'soa.edit',
  'mapping.check',
  'responsibility.get',
  'responsibility.set',
  'responsibility.reset',
  'packages.list',
  'packages.generate',
  'testing.list',
  'testing.draw',
  'testing.get',
  'testing.item',
  'testing.record',
  'testing.conclude',
  'testing.export',
  'checklist.get',
  'checklist.attach',
  'questionnaires.list',
  'questionnaires.add',
  'questionnaires.get',
  'questionnaires.review',
  'questionnaires.export',
] as const;

export type EngagementScopedMethod = (typeof ENGAGEMENT_SCOPED_METHODS)[number];

/** True when `method` takes the current engagement. */
export function isEngagementScoped(method: string): method is EngagementScopedMethod {
  return (ENGAGEMENT_SCOPED_METHODS as readonly string[]).includes(method);
}
