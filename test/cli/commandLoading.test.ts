// A lucheck process loads the code of the command it runs, not every command's: `check` and
// `--version` do without the Redis client that only `distributed` uses (src/cli/main.ts).
import { expect } from 'chai';
import { join } from 'node:path';
import { ROOT, runLucheck } from '../support/lucheckBinary.ts';

const PRELOAD = join(ROOT, 'test', 'support', 'loadedPackages.cjs');

/** The npm packages whose CommonJS files `lucheck ...args` loaded, as the preload reports them. */
async function packagesLoadedBy(args: readonly string[]): Promise<{ code: number; packages: string[] }> {
  const run = await runLucheck(args, { env: { NODE_OPTIONS: `--require ${PRELOAD}` } });
  const line = run.stderr.split('\n').find((l) => l.startsWith('loaded packages:'));
  if (line === undefined) throw new Error(`lucheck ${args.join(' ')} printed no list of loaded packages; stderr: ${run.stderr}`);
  return { code: run.code, packages: line.slice('loaded packages:'.length).trim().split(' ').filter(Boolean) };
}

describe('loading a command’s code when it runs', () => {
  it('checks a model without loading the Redis client (ioredis)', async () => {
    const { code, packages } = await packagesLoadedBy(['check', 'philosophers', '--set', 'n=3']);
    expect(code).to.equal(0);
    expect(packages).to.include('xstate');
    expect(packages).not.to.include('ioredis');
  });

  it('prints its version without loading the Redis client', async () => {
    const { code, packages } = await packagesLoadedBy(['--version']);
    expect(code).to.equal(0);
    expect(packages).not.to.include('ioredis');
  });

  it('loads the Redis client for `distributed`, which uses it (the list above is the real one)', async () => {
    const { code, packages } = await packagesLoadedBy(['distributed', 'philosophers', '--redis', 'http://localhost', '--run', 'r', '--partitions', '2']);
    expect(code).to.equal(2);
    expect(packages).to.include('ioredis');
  });
});
