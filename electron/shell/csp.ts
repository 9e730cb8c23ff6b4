/** The Content-Security-Policy of every page the app serves, over app:// in Electron and HTTP under serve. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // mermaid writes <style> into its SVGs and React sets style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
