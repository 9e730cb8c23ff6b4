// glibc keeps up to 7 freed blocks per size in each thread's cache (tcache) by default. SQLite,
// through better-sqlite3, copies every bound value into a block of its own and frees it after each
// statement: about 1,500 blocks per 128-row INSERT of an import, so most frees and mallocs miss the
// cache and go through glibc's slower bins (about 1 s of the writer thread's CPU per million
// entries). A cache of 2,048 blocks per size absorbs a whole statement. Tunables are read when a
// process starts, so the launcher re-executes itself once, in place (same pid, same descriptors),
// with them set; see docs/store.md, "Performance notes".
export const MALLOC_TUNABLES = 'glibc.malloc.tcache_count=2048';

/** Commands that write or verify a whole export; the others are short and skip the re-exec. */
const HEAVY = new Set(['import', 'verify', 'serve']);

/**
 * The execve arguments that restart this process with the tunables, or null when it should run
 * as it is: not Linux, no process.execve (Node < 22.15), a command that does not need them, or
 * GLIBC_TUNABLES already set (by us on the second start, or by the user, whose choice stands).
 */
export function tunedExec({ platform, env, execPath, execArgv, argv, hasExecve }) {
  if (platform !== 'linux' || !hasExecve || env.GLIBC_TUNABLES !== undefined) return null;
  if (!HEAVY.has(argv[2])) return null;
  return { file: execPath, args: [execPath, ...execArgv, ...argv.slice(1)], env: { ...env, GLIBC_TUNABLES: MALLOC_TUNABLES } };
}
