// Checkpoint and resume through the real binary: a run stopped by SIGTERM (which writes a last
// checkpoint; with --workers, at the end of the level under way) or killed by SIGKILL (which
// leaves the last periodic one) and then resumed ends with
// the distinct and generated counts, depth and verdict of a run never stopped; a checkpoint of
// another run, or written by a lucheck that fingerprints states differently, is refused, saying what differs.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, describeRun, oneStderrLine, runLucheck } from '../support/lucheckBinary.ts';
import { loadCheckpoint, saveCheckpoint } from '../../src/cli/checkpointFiles.ts';
import { STATE_FORMAT } from '../../src/store/stateFormat.ts';

// 2.56 million states: some seconds, long enough to stop in the middle
const RUN = ['check', 'counter', '--set', 'regions=4', '--set', 'size=40', '--format', 'json'];

/** Starts a run and sends `signal` once `ready()` holds (polled every 50 ms); its exit code. */
function stopped(args: readonly string[], signal: NodeJS.Signals, ready: () => boolean): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'ignore' });
    const poll = setInterval(() => {
      if (ready()) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 50);
    const guard = setTimeout(() => reject(new Error(`${args.join(' ')} never got ready`)), 90_000);
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolve(code ?? (sig === 'SIGKILL' ? 137 : null));
    });
  });
}

const counts = (stdout: string) => {
  const r = JSON.parse(stdout) as { verdict: string; stats: { distinct: number; generated: number; maxDepth: number } };
  return [r.verdict, r.stats.distinct, r.stats.generated, r.stats.maxDepth];
};

describe('lucheck check --checkpoint DIR / --resume DIR (the real binary)', function () {
  this.timeout(240_000);
  let dir: string;
  let whole: unknown[];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lucheck-checkpoint-'));
    const r = await runLucheck(RUN, { timeoutMs: 120_000 });
    expect(r.code, describeRun(r)).to.equal(0);
    whole = counts(r.stdout);
  });

  it('SIGTERM writes a checkpoint; the resumed run ends as the run never stopped', async () => {
    const ck = join(dir, 'term');
    const started = Date.now();
    expect(await stopped([...RUN, '--checkpoint', ck], 'SIGTERM', () => Date.now() - started > 2500)).to.equal(4);
    expect(existsSync(join(ck, 'state.bin'))).to.equal(true);
    const resumed = await runLucheck([...RUN, '--resume', ck], { timeoutMs: 120_000 });
    expect(resumed.code, describeRun(resumed)).to.equal(0);
    expect(counts(resumed.stdout)).to.deep.equal(whole);
  });

  it('SIGKILL loses only what came after the last periodic checkpoint; the resumed run ends as the run never stopped', async () => {
    const ck = join(dir, 'kill');
    expect(await stopped([...RUN, '--checkpoint', ck, '--checkpoint-every', '1'], 'SIGKILL', () => existsSync(join(ck, 'state.bin')))).to.equal(137);
    const resumed = await runLucheck([...RUN, '--resume', ck, '--checkpoint', ck], { timeoutMs: 120_000 });
    expect(resumed.code, describeRun(resumed)).to.equal(0);
    expect(counts(resumed.stdout)).to.deep.equal(whole);
  });

  it('with --workers 2: SIGTERM finishes the level and saves it, SIGKILL leaves the last periodic one; both resumed end as the run never stopped (one with --expect-states)', async () => {
    const parallel = [...RUN, '--workers', '2'];
    const term = join(dir, 'workers-term');
    const started = Date.now();
    expect(await stopped([...parallel, '--checkpoint', term], 'SIGTERM', () => Date.now() - started > 2500)).to.equal(4);
    const kill = join(dir, 'workers-kill');
    expect(await stopped([...parallel, '--checkpoint', kill, '--checkpoint-every', '1'], 'SIGKILL', () => existsSync(join(kill, 'state.bin')))).to.equal(137);
    // the second resumed with --expect-states: the checkpoint's set is grown to it before the first level (a hint, not part of the run's identity)
    for (const [ck, hint] of [[term, []], [kill, ['--expect-states', '2560000']]] as const) {
      const resumed = await runLucheck([...parallel, '--resume', ck, ...hint], { timeoutMs: 120_000 });
      expect(resumed.code, describeRun(resumed)).to.equal(0);
      expect(counts(resumed.stdout), ck).to.deep.equal(whole);
    }
    // a parallel search numbers its states by worker: it goes on with as many
    expect(oneStderrLine(await runLucheck([...RUN, '--resume', term]))).to.match(/another run \(workers: '2' then, '1' now\)/);
  });

  it('refuses a checkpoint of another run, naming what differs, and a folder with no checkpoint', async () => {
    const ck = join(dir, 'term');
    const other = await runLucheck(['check', 'counter', '--set', 'regions=4', '--set', 'size=41', '--resume', ck]);
    expect(other.code).to.equal(2);
    expect(oneStderrLine(other)).to.match(/the checkpoint is of another run \(parameter size: '40' then, '41' now\); go on with: lucheck check counter --set regions=4 --set size=40 --resume /);
    expect(oneStderrLine(await runLucheck(['check', 'counter', '--resume', join(dir, 'none')]))).to.match(/no checkpoint there/);
  });

  it('refuses a checkpoint written by a lucheck that fingerprints states differently (another STATE_FORMAT, or none: written before version 2)', async () => {
    const { identity, saved } = loadCheckpoint(join(dir, 'term'), ROOT);
    expect(identity.stateFormat).to.equal(STATE_FORMAT);
    const { stateFormat: _now, ...older } = identity;
    for (const [name, written, then] of [['older', older, 1], ['newer', { ...identity, stateFormat: STATE_FORMAT + 1 }, STATE_FORMAT + 1]] as const) {
      mkdirSync(join(dir, name));
      saveCheckpoint(join(dir, name), ROOT, written, saved);
      const r = await runLucheck([...RUN, '--resume', join(dir, name)]);
      expect(r.code).to.equal(2);
      expect(oneStderrLine(r)).to.include(`the checkpoint was written by a lucheck that fingerprints states differently (state format ${then} then, ${STATE_FORMAT} now)`);
    }
  });
});
