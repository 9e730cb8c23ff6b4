/** `crosscheck serve [--port N] [--store <dir>] [--no-open]`: the app's UI in a browser on 127.0.0.1. */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { parseServeArgs, runServe } from '../../serve/serve.js';

export async function serveCommand(args: string[]): Promise<number> {
  let options;
  try {
    options = parseServeArgs(args);
  } catch (e) {
    throw new CrosscheckError('BAD_ARGUMENTS', (e as Error).message);
  }
  const handle = await runServe(options);
  // Serve until interrupted; the first line on stdout (the URL with its token) came from runServe.
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void handle.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
