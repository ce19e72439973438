// A worker thread of `lucheck simulate --workers N`, started through bin/lucheckWorker.js: it
// loads the model itself, draws its share of the walks from its own seed, and posts what they did.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../loadModel.ts';
import { UsageError } from '../../model/errors.ts';
import { simulationSetup } from '../../simulate/simulate.ts';
import { searchWalks } from '../../simulate/searchWalks.ts';
import { coverageCollector } from '../../coverage/coverageCollector.ts';
import type { FromSimulateWorker, SimulateWorkerSetup } from './messages.ts';

const setup = workerData as SimulateWorkerSetup;
const stop = new Int32Array(setup.stop);
const send = (m: FromSimulateWorker) => parentPort!.postMessage(m);

try {
  const loaded = await loadModel(setup.modelRef, setup.cwd);
  const ready = simulationSetup(loaded.model, setup);
  const cov = coverageCollector(ready.system, ready.system.machine);
  const walks = searchWalks(ready.system, ready.problem, {
    seed: setup.seed,
    depth: setup.depth,
    types: setup.swarm ? ready.types : [],
    runs: setup.runs,
    ...(setup.timeLimitMs !== undefined ? { timeLimitMs: setup.timeLimitMs } : {}),
    observer: cov.observer as never,
    now: () => performance.now(),
    stopped: () => Atomics.load(stop, 0) !== 0,
  });
  if (walks.found || walks.error) Atomics.store(stop, 0, 1);
  send({
    type: 'done',
    walks: walks.walks,
    steps: walks.steps,
    maxDepth: walks.maxDepth,
    seen: walks.seen.toData(),
    timedOut: walks.timedOut,
    ...(walks.found ? { found: walks.found } : {}),
    ...(walks.error ? { error: { code: walks.error.code, message: walks.error.message } } : {}),
    coverage: cov.result(false),
  });
} catch (error) {
  Atomics.store(stop, 0, 1);
  send({ type: 'failed', usage: error instanceof UsageError, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
