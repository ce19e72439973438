// Entry of a worker thread of `lucheck check --workers N`: registers tsx and the model resolve
// hook in this thread, as bin/lucheck.js does for the main one, then runs the worker.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./resolveHook.js', import.meta.url);

await import('../src/cli/parallel/worker.ts');
