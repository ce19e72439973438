import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);

describe('README', () => {
  it('has the two quick-start commands', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(readme).to.contain('npm ci && npm run check').and.contain('npm ci && npm test');
  });

  it('shows the verdict table exactly as npm run verdicts prints it from real runs', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- verdicts:start -->') + '<!-- verdicts:start -->'.length, readme.indexOf('<!-- verdicts:end -->')).trim();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/verdictTable.ts')], { cwd: ROOT });
    expect(section.split('\n').length).to.be.greaterThan(10);
    expect(section).to.equal(stdout.trim());
  });

  it('shows every example run exactly as lucheck prints it now (timings aside)', async () => {
    const { checkReadme } = await import('../scripts/readmeRuns.ts');
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const { differences } = checkReadme(readme);
    expect(readme.match(/\$ npx lucheck check/g)!.length).to.be.at.least(3);
    expect(differences).to.deep.equal([]);
  });

  it("'Writing your own model' example runs as shown: 6 states with --set limit=5, from a folder outside the repository", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Writing your own model'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    expect(code).to.contain('defineModel');
    const dir = await mkdtemp(join(tmpdir(), 'lucheck-readme-'));
    try {
      await writeFile(join(dir, 'bounded-counter.ts'), code);
      const { stdout } = await run(process.execPath, [join(ROOT, 'bin/lucheck.js'), 'check', './bounded-counter.ts', '--set', 'limit=5'], { cwd: dir });
      expect(stdout).to.contain('pass: 1 invariant holds').and.contain('6 distinct states');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
