// Stopping a run: SIGINT and SIGTERM end it cleanly as incomplete (exit 4) with every report
// written, on one thread and with --workers 2; a second signal ends it at once; a time budget
// is kept within a second even when one step of the model takes milliseconds.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, describeRun, runLucheck } from '../support/lucheckBinary.ts';
import { parseXml } from '../report/parseXml.ts';
import { checkJunitStructure } from '../report/junitStructure.ts';

/** A run of lucheck sent `signals` (one every `gapMs`) once it has printed its first progress line. */
function interrupted(args: readonly string[], signals: readonly NodeJS.Signals[], gapMs = 0): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    const started = Date.now();
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (sent === 0 && stderr.includes('progress:')) {
        sent = 1;
        signals.forEach((s, i) => setTimeout(() => child.kill(s), i * gapMs));
      }
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lucheck ${args.join(' ')} did not end in time; stderr: ${stderr}`));
    }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

// 4 regions of 1,000: a trillion states, a search that never ends by itself
const ENDLESS = ['check', 'counter', '--set', 'regions=4', '--set', 'size=1000'];

describe('interrupting lucheck check (the real binary)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lucheck-interrupt-'));
  });

  for (const [signal, workers] of [['SIGTERM', []], ['SIGINT', ['--workers', '2']]] as const) {
    it(`ends on ${signal}${workers.length ? ' with --workers 2' : ''} as incomplete (exit 4), its text and JUnit reports written`, async () => {
      const junit = join(dir, `${signal}.xml`);
      const r = await interrupted([...ENDLESS, ...workers, '--reporter', `junit:${junit}`], [signal]);
      expect(r.code, describeRun({ code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr })).to.equal(4);
      expect(r.stdout).to.match(new RegExp(`^incomplete: the search stopped at an interrupt \\(${signal}\\) after [\\d,]+ distinct states`, 'm'));
      expect(r.stderr).to.contain(`lucheck: ${signal}: stopping the search; the reports follow`);
      const xml = await readFile(junit, 'utf8');
      checkJunitStructure(parseXml(xml));
      expect(xml).to.contain(`the search stopped at an interrupt (${signal})`);
    });
  }

  it('ends at once (exit 130) on a second SIGINT', async () => {
    const r = await interrupted(ENDLESS, ['SIGINT', 'SIGINT'], 1);
    expect(r.code).to.equal(130);
  });

  it('keeps --time-limit 1 within a second when each step takes 5 ms, on one thread and with --workers 2', async () => {
    await writeFile(
      join(dir, 'slow.ts'),
      `import { setup, assign } from 'xstate';
import { defineModel } from 'lucheck';
const slow = () => { const t = Date.now(); while (Date.now() - t < 5); return true; };
const m = setup({}).createMachine({ id: 'slow', context: { n: 0 }, initial: 'a', states: { a: { on: { INC: { guard: slow, actions: assign({ n: ({ context }) => context.n + 1 }) } } } } });
export default defineModel({ name: 'slow', machine: () => m, events: () => [{ type: 'INC' }], invariants: [] });
`,
    );
    for (const workers of [[], ['--workers', '2']]) {
      const r = await runLucheck(['check', join(dir, 'slow.ts'), '--time-limit', '1', '--format', 'json', ...workers], { timeoutMs: 60_000 });
      expect(r.code, describeRun(r)).to.equal(4);
      const result = JSON.parse(r.stdout) as { incomplete: { reason: string }; stats: { elapsedMs: number } };
      expect(result.incomplete.reason).to.equal('time-limit');
      expect(result.stats.elapsedMs, workers.join(' ')).to.be.within(1000, 2000);
    }
  });
});
