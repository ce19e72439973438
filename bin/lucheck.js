#!/usr/bin/env node
// The lucheck command. Runs the TypeScript sources through tsx (no build step), lets model
// files anywhere import (or, CommonJS ones, require) 'lucheck' and 'xstate', and hands the real
// process to the CLI.
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
