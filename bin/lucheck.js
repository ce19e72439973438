#!/usr/bin/env -S node --v8-pool-size=0 --max-semi-space-size=2
// The lucheck command. Runs the TypeScript sources through tsx (no build step), lets model
// files anywhere import (or, CommonJS ones, require) 'lucheck' and 'xstate', and hands the real
// process to the CLI.
//
// `--v8-pool-size=0` sizes V8's pool of background threads (its optimising compiler's jobs, the
// collector's helpers) by the machine's parallelism less one, at least one (Node's
// src/node_platform.cc, GetActualThreadPoolSize), where Node's default is four threads on any
// machine: on two cores, they compete with the thread that searches (the small classic models'
// first searches ran 20% to 30% faster with the flag on a 2-core machine; README.md).
//
// `--max-semi-space-size=2` holds V8's young generation to two semi-spaces of 2 MiB, where Node
// 20 lets them grow to 16 MiB each as objects survive its minor collections. A search allocates
// fast but keeps little young (its states live in typed arrays), so the larger young generation
// bought no speed and held up to 28 MiB more resident memory (4 to 12 MiB in the runs measured:
// most of what a search of 100,000 to 300,000 states held over its start; README.md, "Memory
// per state", has the figures).
// `node bin/lucheck.js` does not read this line; pass the flags there yourself.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';
import { shareWithCommonJs } from './sharedModules.js';

registerTsx();
register('./resolveHook.js', import.meta.url);
shareWithCommonJs({ lucheck: await import('../src/index.ts'), xstate: await import('xstate') });

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  now: () => performance.now(),
  env: process.env,
  memoryUsed: () => process.memoryUsage.rss(),
  onInterrupt: (handler) => {
    let caught = false;
    const on = (signal) => {
      if (caught) process.exit(signal === 'SIGINT' ? 130 : 143); // the second signal: at once
      caught = true;
      handler(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
    return () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    };
  },
});
