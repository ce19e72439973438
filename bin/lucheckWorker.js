// Entry of a worker thread of `lucheck check --workers N` or `lucheck simulate --workers N`: registers tsx and the model resolve
// hook in this thread, as bin/lucheck.js does for the main one, then runs the worker.
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register as registerTsx } from 'tsx/esm/api';
import { shareWithCommonJs } from './sharedModules.js';

registerTsx();
register('./resolveHook.js', import.meta.url);
shareWithCommonJs({ lucheck: await import('../src/index.ts'), xstate: await import('xstate') });

// `lucheck simulate --workers N` starts its workers here too, with `entry: 'simulate'`
await import(workerData?.entry === 'simulate' ? '../src/cli/simulate/simulateWorker.ts' : '../src/cli/parallel/worker.ts');
