/**
 * Picking a file and sending it to a service: the desktop app passes the file's path, a browser
 * uploads it (file-ref.ts). One shape for every "attach / import / add a file" link: busy while
 * it runs, the service's message when it refuses, the input cleared so the same file can be
 * picked again after a fix.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { FileRef } from '../../../shared/api/view-types.js';
import type { Result } from '../../../shared/api/result.js';
import { fileRefFor } from '../file-ref.js';

export interface FileSend {
  busy: boolean;
  error: string | null;
  /** Sends `file`; resolves when the service answered (errors land in `error`). */
  pick: (file: File) => Promise<void>;
}

/** The send of a picked file: `send` gets its FileRef, `onDone` the service's value. */
export function useFileSend<T>(
  send: (ref: FileRef, file: File) => Promise<Result<T>>,
  onDone: (value: T) => void,
): FileSend {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (file: File): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      const r = await send(await fileRefFor(file), file);
      if (!r.ok) setError(r.error.message);
      else onDone(r.value);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, pick };
}

/** A link that opens the file chooser; the chosen file goes to `onFile`, then the input is cleared. */
export function FilePickLink({
  children,
  onFile,
  testId,
  accept,
  disabled,
}: {
  children: ReactNode;
  onFile: (file: File) => Promise<void> | void;
  testId: string;
  accept?: string;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <label className="link">
      {children}
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const target = e.currentTarget;
          const f = target.files?.[0];
          if (f) void Promise.resolve(onFile(f)).finally(() => (target.value = ''));
        }}
      />
    </label>
  );
}

/** A refusal beside the link it came from. */
export function InlineError({ error }: { error: string | null }) {
  return error ? (
    <span role="alert" className="sev-text-high">
      {' '}
      {error}
    </span>
  ) : null;
}
