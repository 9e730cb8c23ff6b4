/**
 * React picks its build from NODE_ENV when it is first loaded, and an unset NODE_ENV means the
 * development build, which checks every element it creates: about a tenth of a package PDF's CPU
 * (the PDF's bytes are the same). The CLI and the app set nothing, so PDFs get the production
 * build unless the environment asks otherwise (Vitest sets "test").
 */
export function preferProductionReact(): void {
  process.env.NODE_ENV ??= 'production';
}
