/**
 * Standalone entry for `crosscheck serve` (dist/serve.js), used by `npm start`'s fallback and the
 * e2e tests; the CLI's `serve` command calls the same runServe().
 */
import { parseServeArgs, runServe } from './serve.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`crosscheck serve: ${(e as Error).message}\n`);
    process.exitCode = 3;
    return;
  }
  const handle = await runServe(options);
  const stop = () => {
    void handle.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`crosscheck serve: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 3;
});
