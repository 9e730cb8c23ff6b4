/**
 * Issue 21's target on the bench's 1M-entry store: coverage of both frameworks plus the SoA draft
 * (with gaps and readiness) under 2 s, measured through dispatch() as the Frameworks screen calls
 * it (`frameworks.view`), and the CLI's `coverage --framework iso27001` path (one-pass facts).
 */
import { dispatch } from '../dispatch.js';
import { createServices } from '../services.js';
import { engagementFrameworks } from '../../core/frameworks/engagement-soa.js';
import { listEngagements } from '../../core/engagement/engagements.js';
import type { BenchLine } from './app-bench.js';

const TARGET_MS = 2000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function runFrameworksBench(storeDir: string, runs = 5): Promise<BenchLine[]> {
  const services = await createServices({ storeDir });
  try {
    const engagements = listEngagements(services.store.db);
    if (engagements.length === 0) throw new Error('the bench store holds no engagement');
    const engagementId = engagements[0]!.id;
    const time = async (name: string, f: () => Promise<number> | number): Promise<BenchLine> => {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        total = await f();
        times.push(performance.now() - t0);
      }
      const s = [...times].sort((a, b) => a - b);
      const m = median(times);
      return { name, medianMs: m, p90Ms: s[s.length - 1]!, runs, total, pass: m < TARGET_MS };
    };
    return [
      await time('frameworks.view (both + SoA draft)', async () => {
        const r = await dispatch(
          services.handlers,
          'frameworks.view',
          { engagementId },
          { transport: 'http' },
        );
        if (!r.ok) throw new Error(r.error.message);
        return (r.value as { soa: unknown[] }).soa.length;
      }),
      await time(
        'SoA draft, store-direct (CLI)',
        () => engagementFrameworks(services.store.db, Number(engagementId)).soa.length,
      ),
    ];
  } finally {
    await services.close();
  }
}

const storeArg = process.argv[2] ?? process.env.BENCH_STORE;
if (storeArg && process.argv[1] && /frameworks-bench\.(js|mjs|ts)$/.test(process.argv[1])) {
  const lines = await runFrameworksBench(storeArg);
  for (const l of lines) {
    process.stdout.write(
      `  ${l.name.padEnd(38)} median ${l.medianMs.toFixed(1).padStart(8)} ms  max ${l.p90Ms.toFixed(1).padStart(8)} ms  (${l.total} controls)  ${l.pass ? 'ok' : 'OVER 2 s'}\n`,
    );
  }
  process.stdout.write(`${JSON.stringify({ target_ms: TARGET_MS, lines })}\n`);
}
