// `lucheck simulate --workers N`: the walks drawn by N worker threads, each from its own seed
// (the run's seed plus its index) with its share of --runs; the first worker to meet a failing
// walk raises a shared flag and the others stop before their next walk. The main thread merges
// what they did (walks, steps, the distinct states met, coverage) and shrinks the failing walk
// itself, from that worker's seed and fast-check path, so the result is the single-threaded one's
// for that seed: `lucheck simulate --seed S --path P` draws the shrunk walk again.
import { Worker } from 'node:worker_threads';
import type { Model } from '../../model/defineModel.ts';
import { ModelError, UsageError } from '../../model/errors.ts';
import { simulationResult, simulationSetup, simulate, type SimulateOptions } from '../../simulate/simulate.ts';
import { DEFAULT_DEPTH, DEFAULT_RUNS } from '../../simulate/simulate.ts';
import type { WalkSearch } from '../../simulate/searchWalks.ts';
import { FingerprintSet } from '../../store/FingerprintSet.ts';
import { mergeCoverage } from '../../coverage/mergeCoverage.ts';
import type { CheckResult } from '../../CheckResult.ts';
import type { FromSimulateWorker, SimulateWorkerSetup } from './messages.ts';

const WORKER_ENTRY = new URL('../../../bin/lucheckWorker.js', import.meta.url);

type Done = Extract<FromSimulateWorker, { type: 'done' }>;

/** Runs one worker to its end; `workers` collects it, so that all can be ended when one fails. */
function runWorker(setup: SimulateWorkerSetup, workers: Worker[]): Promise<Done> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: setup });
    workers.push(worker);
    worker.once('message', (m: FromSimulateWorker) => {
      void worker.terminate();
      if (m.type === 'done') resolve(m);
      else reject(m.usage ? new UsageError(m.message) : new Error(`a simulate worker failed: ${m.message}`));
    });
    worker.once('error', reject);
  });
}

/** The walks of `options.workers` threads, merged, as one result (see the file's comment). */
export async function runParallelSimulation(model: Model, options: SimulateOptions & { readonly workers: number; readonly modelRef: string; readonly cwd: string }): Promise<CheckResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const runs = options.runs ?? DEFAULT_RUNS;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const n = Math.min(options.workers, runs);
  let setup;
  try {
    setup = simulationSetup(model, options);
  } catch (error) {
    // the single-threaded simulation reports a model that cannot be set up as it always does
    if (error instanceof ModelError) return simulate(model, { ...options, runs: 0 });
    throw error;
  }
  const stop = new SharedArrayBuffer(4);
  const workers: Worker[] = [];
  const parts = await Promise.all(
    Array.from({ length: n }, (_, k) =>
      runWorker({
        entry: 'simulate',
        modelRef: options.modelRef,
        cwd: options.cwd,
        params: setup.params,
        engine: options.engine,
        invariants: options.invariants,
        environment: options.environment,
        seed: (options.seed + k) | 0,
        runs: Math.floor(runs / n) + (k < runs % n ? 1 : 0),
        depth,
        swarm: options.swarm ?? false,
        timeLimitMs: options.timeLimitMs,
        stop,
      }, workers),
    ),
  ).catch((error: unknown) => {
    // one worker failed: the others end too
    for (const w of workers) void w.terminate();
    throw error;
  });
  const seen = FingerprintSet.fromData(parts[0]!.seen);
  for (const p of parts.slice(1)) {
    const slots = p.seen.slots;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] !== 0 || slots[i + 1] !== 0) seen.add(slots[i]!, slots[i + 1]!);
  }
  const failed = parts.find((p) => p.error);
  const found = parts.find((p) => p.found)?.found;
  const walks: WalkSearch = {
    walks: parts.reduce((a, p) => a + p.walks, 0),
    steps: parts.reduce((a, p) => a + p.steps, 0),
    maxDepth: Math.max(...parts.map((p) => p.maxDepth)),
    seen,
    timedOut: parts.every((p) => p.timedOut),
    stopped: false,
    elapsedMs: now() - started,
    ...(failed ? { error: new ModelError(failed.error!.code, failed.error!.message) } : {}),
    ...(found ? { found } : {}),
  };
  const settings = { runs, depth, seed: options.seed | 0, swarm: options.swarm ?? false, ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}) };
  return { ...simulationResult(setup, walks, settings, mergeCoverage(parts.map((p) => p.coverage)), now, started), workers: n };
}
