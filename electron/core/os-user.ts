/** Who runs Crosscheck, as imports, engagements, documents, samples and notes record it. */
import os from 'node:os';

/** The OS user name; userInfo() throws for a uid without a passwd entry (containers), so fall back. */
export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}
