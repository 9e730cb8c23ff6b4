/** Empty, loading and error states every screen shares. */
import type { ReactNode } from 'react';
import type { ApiError } from '../../../shared/api/result.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" data-testid="state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** An error as an error: what failed and its code, Retry that repeats the call, Dismiss where it can be put away. */
export function ErrorBanner({
  error,
  onRetry,
  onDismiss,
}: {
  error: ApiError;
  onRetry?: () => void;
  onDismiss?: () => void;
}) {
  return (
    <div className="state state-error" data-testid="state-error" data-code={error.code} role="alert">
      <strong>Something went wrong.</strong> {error.message}
      <span className="mono small muted">{error.code}</span>
      {onRetry && (
        <button type="button" onClick={onRetry} data-testid="error-retry">
          Retry
        </button>
      )}
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="state-empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}
