// A worker thread of `lucheck check --workers N`, started through bin/lucheckWorker.js (which
// registers tsx and the model resolve hook, as bin/lucheck.js does). It loads the model itself,
// builds the compiled system and runs one part of the search over the shared visited set, step
// by step, as the main thread (runParallelCheck.ts) asks.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../loadModel.ts';
import { checkedSystem } from '../../check.ts';
import { ModelError, UsageError } from '../../model/errors.ts';
import { SharedBfsPart, type Together, type TogetherPlan } from '../../search/sharedBfs.ts';
import { LevelBarrier } from '../../search/LevelBarrier.ts';
import { SharedFingerprintSet } from '../../store/SharedFingerprintSet.ts';
import type { ParamValues } from '../../model/params.ts';
import { transferablesOf, type FromWorker, type ToWorker, type WorkerFailure, type WorkerSetup } from './messages.ts';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const stop = new Int32Array(setup.stop);

function failure(error: unknown): WorkerFailure {
  if (error instanceof UsageError) return { kind: 'usage', message: error.message };
  if (error instanceof ModelError) return { kind: 'model', code: error.code, message: error.message };
  return { kind: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

function send(message: FromWorker): void {
  port.postMessage(message, message.type === 'give' ? transferablesOf(message.batches) : []);
}

const barrier = new LevelBarrier(setup.barrier, setup.workers, setup.index);

/** A step's levels together with the other workers, meeting at the barrier in shared memory. */
function together(plan: TogetherPlan): Together {
  return { ...plan, barrier, stopAll: () => Atomics.store(stop, 0, 1), now: () => Date.now() };
}

try {
  const loaded = await loadModel(setup.modelRef, setup.cwd);
  const params = setup.params as ParamValues;
  const { choice, problem } = checkedSystem(loaded.model, params, { ...setup, dropAuxiliary: setup.auxiliary });
  if (choice.engine !== 'compiled') throw new UsageError(`--workers needs the compiled engine: ${choice.note ?? 'the reference engine was chosen'}`);
  const part = new SharedBfsPart(choice.system, problem, setup);
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'step' || m.type === 'resume') {
        if (m.set) part.useSet(new SharedFingerprintSet(m.set));
        const deadline = m.deadline;
        const interrupted = (): string | undefined => {
          if (Atomics.load(stop, 0) !== 0) return 'stopped';
          if (Date.now() >= deadline) return 'time-limit';
          return undefined;
        };
        const step = m.type === 'step' ? part.step(m.depth, m.incoming, m.budget, interrupted, together(m.together)) : part.resume(m.budget, interrupted);
        if (step.finding) Atomics.store(stop, 0, 1); // the others need not finish their level
        send({ type: 'step', step });
      } else if (m.type === 'save') {
        send({ type: 'save', part: part.save() });
      } else if (m.type === 'load') {
        part.load(m.part);
        send({ type: 'load' });
      } else if (m.type === 'copy') {
        new SharedFingerprintSet(m.from).copyRangeInto(new SharedFingerprintSet(m.to), m.start, m.end);
        send({ type: 'copy' });
      } else if (m.type === 'give') {
        send({ type: 'give', batches: m.counts.map((c) => part.give(c)) });
      } else {
        send({ type: 'links', ...part.linksOf(m.locals) });
      }
    } catch (error) {
      Atomics.store(stop, 0, 1);
      send({ type: 'failed', failure: failure(error) });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', failure: failure(error) });
}
