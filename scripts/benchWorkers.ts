// The parallel search's speed-up: the 1,000,000-state counter (3 regions of 100), or another
// model, checked by runParallelCheck with 1 and with 2 worker threads, each run in a fresh
// process, alternating. Prints one JSON line per run: { workers, states, ms }, where ms is the
// search's own time (from the workers being ready to the verdict; starting the workers, which
// load tsx and the model, takes about half a second more). Usage: benchWorkers.ts [ROUNDS]
// (default 3); benchWorkers.ts run WORKERS [MODEL PARAMS_JSON] is one measured run. Not a test:
// nothing passes or fails on timing.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../src/cli/loadModel.ts';
import { runParallelCheck } from '../src/cli/parallel/runParallelCheck.ts';
import { cliNodeFlags } from './cliNodeFlags.ts';

const SELF = fileURLToPath(import.meta.url);
const COUNTER = { regions: 3, size: 100 };
/** The node flags the `lucheck` command starts with, for each measured run. */
const NODE_FLAGS = cliNodeFlags();

async function once(workers: number, model = 'counter', params: Record<string, unknown> = COUNTER): Promise<{ workers: number; states: number; ms: number }> {
  const loaded = await loadModel(model, process.cwd());
  // the invariants: the parallel search's own work (temporal properties run on one thread after it)
  const invariants = (loaded.model.invariants ?? []).map((i) => i.id);
  const r = await runParallelCheck(loaded.model, { workers, modelRef: loaded.ref, cwd: process.cwd(), params, invariants, now: () => performance.now() });
  if (r.verdict !== 'pass') throw new Error(`unexpected verdict ${r.verdict}`);
  return { workers, states: r.stats.distinct, ms: Math.round(r.stats.elapsedMs) };
}

if (process.argv[2] === 'run') {
  const [model, params] = process.argv[4] ? [process.argv[4], JSON.parse(process.argv[5] ?? '{}') as Record<string, unknown>] : [];
  console.log(JSON.stringify(await once(Number(process.argv[3]), model, params)));
} else {
  const rounds = process.argv[2] ? Number(process.argv[2]) : 3;
  for (let i = 0; i < rounds; i++) {
    for (const workers of [1, 2]) {
      const out = execFileSync(process.execPath, [...NODE_FLAGS, '--import', 'tsx', SELF, 'run', String(workers)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(out);
    }
  }
}
