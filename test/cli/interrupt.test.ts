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

/**
 * A run of lucheck sent `signals[0]` once it has printed its first progress line and each
 * further signal once it has said it is stopping: sent at once, two signals of the same kind can
 * merge into one in the kernel (standard signals do not queue) when the child does not run in
 * between, as happens on a loaded machine.
 */
function interrupted(args: readonly string[], signals: readonly NodeJS.Signals[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    const started = Date.now();
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (sent === 0 && stderr.includes('progress:')) child.kill(signals[sent++]!);
      else if (sent > 0 && sent < signals.length && stderr.includes('stopping the search')) child.kill(signals[sent++]!);
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

  it('ends at once (exit 130) on a second SIGINT, while the first lets the level finish and saves a checkpoint', async () => {
    // --workers 2 with --checkpoint: the first signal lets the BFS level under way finish (a
    // level of this model at the first progress line is hundreds of thousands of states) before
    // the checkpoint is written, so the second arrives while lucheck still works on the first
    const r = await interrupted([...ENDLESS, '--workers', '2', '--checkpoint', join(dir, 'twice')], ['SIGINT', 'SIGINT']);
    expect(r.code, describeRun({ code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr })).to.equal(130);
    expect(r.stderr).to.contain('lucheck: SIGINT: stopping the search');
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
