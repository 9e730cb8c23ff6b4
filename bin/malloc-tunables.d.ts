/** Types of malloc-tunables.js (plain JS: the launcher runs before anything is built). */
export declare const MALLOC_TUNABLES: string;
export interface TunedExecInput {
  platform: string;
  env: Record<string, string | undefined>;
  execPath: string;
  execArgv: string[];
  argv: string[];
  hasExecve: boolean;
}
export declare function tunedExec(input: TunedExecInput): { file: string; args: string[]; env: Record<string, string | undefined> } | null;
