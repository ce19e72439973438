// The `lucheck` command's first line: `npx lucheck` (and any run of bin/lucheck.js as a program)
// starts node through it, with the flags it names, and the bench starts its measured
// processes with the same flags (scripts/cliNodeFlags.ts).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BIN, ROOT } from '../support/lucheckBinary.ts';
import { cliNodeFlags, shebangNodeFlags } from '../../scripts/cliNodeFlags.ts';

describe('the lucheck binary’s first line', () => {
  it('starts node with V8’s background pool sized by the machine (--v8-pool-size=0) and a young generation of 2 MiB semi-spaces (--max-semi-space-size=2), the flags the bench uses', () => {
    expect(shebangNodeFlags(readFileSync(BIN, 'utf8'))).to.deep.equal(['--v8-pool-size=0', '--max-semi-space-size=2']);
    expect(cliNodeFlags()).to.deep.equal(['--v8-pool-size=0', '--max-semi-space-size=2']);
  });

  it('runs the command when the file is run as a program (env -S passes the flag, and node accepts it)', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(BIN, ['--version'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}; stderr: ${stderr}`)) : resolve(stdout))),
    );
    expect(out).to.match(/^lucheck \d+\.\d+\.\d+\n$/);
  });

  it('is read only as "#!/usr/bin/env -S node FLAGS": another first line is refused by name', () => {
    expect(shebangNodeFlags('#!/usr/bin/env -S node\n')).to.deep.equal([]);
    expect(shebangNodeFlags('#!/usr/bin/env -S node --a=1 --b\nrest')).to.deep.equal(['--a=1', '--b']);
    expect(() => shebangNodeFlags('#!/usr/bin/env node\n')).to.throw(/first line is not "#!\/usr\/bin\/env -S node FLAGS": #!\/usr\/bin\/env node/);
  });
});
