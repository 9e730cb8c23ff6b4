/** The `crosscheck` command line: dispatches to one module per command, maps errors to exit 3. */
import { CrosscheckError } from '../core/errors/crosscheck-error.js';
import { verifyCommand } from './commands/verify.js';
import { importCommand } from './commands/import.js';
import { exportsCommand } from './commands/exports.js';
import { findingsCommand } from './commands/findings.js';
import { demoCommand } from './commands/demo.js';
import { explainCommand } from './commands/explain.js';
import { serveCommand } from './commands/serve.js';
import { custodyCommand, packageCommand, verifyBinderCommand } from './commands/package.js';
import { ENGAGEMENT_USAGE, engagementCommand } from './commands/engagement.js';
import { voidCommand, VOID_USAGE } from './commands/void.js';
import { coverageCommand, COVERAGE_USAGE } from './commands/coverage.js';
import { documentCommand, DOCUMENT_USAGE } from './commands/document.js';
import { sampleCommand, SAMPLE_USAGE } from './commands/sample.js';
import { frameworkCommand, FRAMEWORK_USAGE } from './commands/framework.js';
import { soaCommand, SOA_USAGE } from './commands/soa.js';
import { readinessCommand, READINESS_USAGE } from './commands/readiness.js';
import { mappingCommand, MAPPING_USAGE } from './commands/mapping.js';
import { checklistCommand, CHECKLIST_USAGE } from './commands/checklist.js';
import { questionnaireCommand, QUESTIONNAIRE_USAGE } from './commands/questionnaire.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  verify: { run: verifyCommand, summary: 'verify <bundle> --keyring <file> [--json] [--store <dir>]   check a signed export offline, keep nothing' },
  import: { run: importCommand, summary: 'import <bundle> --keyring <file> [--engagement <id>] [--store <dir>] [--json]   verify and store, all or nothing, in the client’s engagement' },
  engagement: { run: engagementCommand, summary: ENGAGEMENT_USAGE.replace(/crosscheck /g, '').replace(/\n\s+/g, '\n    crosscheck ') },
  exports: { run: exportsCommand, summary: 'exports [--engagement <id>] [--store <dir>] [--json]   one engagement’s exports with status and ranges' },
  void: { run: voidCommand, summary: `${VOID_USAGE.replace('crosscheck ', '')}   void a mistaken import (kept, counted nowhere)` },
  explain: { run: explainCommand, summary: 'explain (<bundle> --keyring <file> | --store <dir> --export <id>) --seq N [--json]   the re-evaluation trace of one entry' },
  serve: { run: serveCommand, summary: 'serve [--port N] [--store <dir>] [--no-open]   the app in your browser on 127.0.0.1 (URL with a token on the first line)' },
  package: {
    run: packageCommand,
    summary: 'package (--agent <id> | --org [--org-id <id>]) [--engagement <id>] [--from T --to T] [--store <dir>] [--pdf out.pdf] [--json out.json] [--binder out.zip] [--framework soc2|iso27001|all [--mapping vendor.csv]]',
  },
  custody: { run: custodyCommand, summary: 'custody verify [--store <dir>]   check the hash-chained custody log of generated packages' },
  'verify-binder': { run: verifyBinderCommand, summary: 'verify-binder <zip> --key <pub>   check an evidence binder offline' },
  demo: { run: demoCommand, summary: 'demo --out <dir> [--entries N] [--seed S] [--first-seq S] [--plant <kind>]   write a realistic signed bundle + keyring' },
  coverage: { run: coverageCommand, summary: `${COVERAGE_USAGE.replace('crosscheck ', '')}   every SOC 2 criterion's conclusion, by the rule in docs/coverage.md` },
  document: { run: documentCommand, summary: DOCUMENT_USAGE.replace(/crosscheck /g, '').replace(/\n\s+/g, '\n    crosscheck ') },
  sample: { run: sampleCommand, summary: SAMPLE_USAGE.replace(/crosscheck /g, '').replace(/\n\s+/g, '\n    crosscheck ') },
  framework: { run: frameworkCommand, summary: FRAMEWORK_USAGE.replace(/crosscheck /g, '').replace(/\n\s+/g, '\n    crosscheck ') },
  soa: { run: soaCommand, summary: SOA_USAGE.replace(/crosscheck /g, '').replace(/\n\s+/g, '\n    crosscheck ') },
  readiness: { run: readinessCommand, summary: `${READINESS_USAGE.replace('crosscheck ', '')}   readiness and progress per framework and theme (formula shown), gap analysis` },
  mapping: { run: mappingCommand, summary: `${MAPPING_USAGE.replace('crosscheck ', '')}   the platform’s own framework mapping checked claim by claim (2013 ids translated)` },
  checklist: { run: checklistCommand, summary: CHECKLIST_USAGE.replace(/crosscheck /g, '').replace(/\n\s+/g, '\n    crosscheck ') },
  questionnaire: { run: questionnaireCommand, summary: QUESTIONNAIRE_USAGE.replace(/crosscheck /g, '').replace(/\n\s+/g, '\n    crosscheck ') },
  findings: { run: findingsCommand, summary: 'findings [--engagement <id>] [--store <dir>] [--export <id>] [--kind K] [--agent A] [--severity S] [--json]' },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(([, c]) => `  crosscheck ${c.summary}`);
  return `Crosscheck — verify signed agent-audit exports offline and re-run every decision.\n\n${lines.join('\n')}\n`;
}

let pipeGuarded = false;

/**
 * `crosscheck … | head` closes stdout early. Node then reports EPIPE as an unhandled 'error'
 * event and dies with a stack trace, after an import may already have committed. The reader
 * going away is not an error of the command: stop writing, keep the command's own exit code.
 */
function guardClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
}

/** Runs the CLI with argv (without node and script); resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  guardClosedPipe();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 3;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`crosscheck: unknown command "${name}" (try crosscheck --help)\n`);
    return 3;
  }
  // `crosscheck <command> --help` prints that command's usage (the parsers are strict and would refuse it).
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: crosscheck ${cmd.summary}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    const msg = e instanceof CrosscheckError ? e.message : `internal error: ${(e as Error).message}`;
    process.stderr.write(`crosscheck ${name}: ${msg.replace(/\s+/g, ' ').trim()}\n`);
    if (process.env.CROSSCHECK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return e instanceof CrosscheckError && e.code === 'CANCELLED' ? 130 : 3;
  }
}
