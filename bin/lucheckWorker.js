// Entry of a worker thread of `lucheck check --workers N`: registers tsx and the model resolve
// hook in this thread, as bin/lucheck.js does for the main one, then runs the worker.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';
import { shareWithCommonJs } from './sharedModules.js';

registerTsx();
register('./resolveHook.js', import.meta.url);
shareWithCommonJs({ lucheck: await import('../src/index.ts'), xstate: await import('xstate') });

await import('../src/cli/parallel/worker.ts');
