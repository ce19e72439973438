// `lucheck distributed`: several processes (spawned `node bin/lucheck.js distributed ...`, as
// machines would run it) share a breadth-first search through a Redis server this test starts on
// a free loopback port and stops at the end. Without redis-server the test fails (npm's pretest
// installs it: scripts/ensureRedis.sh).
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import liveUpdate from '../../machines/liveUpdate.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import philosophers from '../../examples/philosophers.ts';
import { check } from '../../src/check.ts';
import type { CheckResult } from '../../src/CheckResult.ts';
import type { Model } from '../../src/model/defineModel.ts';
import { freePort, startRedis } from '../../scripts/distributedRun.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'lucheck.js');
const LIVE = ['--set', 'handover=fork-exec', '--set', 'mdev=true', '--set', 'hotplug=true', '--set', 'accesses=3'];
const LIVE_PARAMS = { handover: 'fork-exec', mdev: 'true', hotplug: 'true', accesses: '3' };

interface Run {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A lucheck process and its end. */
function lucheck(args: readonly string[]): { child: ChildProcess; done: Promise<Run>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

const describeRun = (r: Run) => `exit ${r.code ?? r.signal}\n--- stdout:\n${r.stdout.slice(0, 2000)}\n--- stderr:\n${r.stderr}`;

/** The lines a process wrote on stderr but for its notes about partitions and bytes (each starts with 'lucheck: ' and is about this process). */
const errorLines = (r: Run) => r.stderr.split('\n').filter((l) => l !== '' && !/^lucheck: (claimed|took over) partition|^lucheck: this process committed|^lucheck: the temporal properties/.test(l));

describe('lucheck distributed (processes sharing a search through Redis)', function () {
  this.timeout(120_000);
  let stopRedis: (() => void) | undefined;
  let dir = '';
  let url = '';
  let runs = 0;
  /** A fresh run name per run: a run's keys stay in Redis after it ends. */
  const runName = () => `t${process.pid}-${++runs}`;
  const distributed = (model: string, run: string, partitions: number, extra: readonly string[] = []) => ['distributed', model, '--redis', url, '--run', run, '--partitions', String(partitions), '--lease', '1', ...extra];

  before(async function () {
    // no redis-server: this fails, saying how to install it (npm test's pretest does)
    const server = await startRedis();
    url = server.url;
    stopRedis = server.stop;
    dir = await mkdtemp(join(tmpdir(), 'lucheck-distributed-'));
  });

  after(async () => {
    stopRedis?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs `n` processes of one command; their ends. */
  async function together(args: readonly string[], n: number): Promise<Run[]> {
    return Promise.all(Array.from({ length: n }, () => lucheck(args).done));
  }

  /** Every process exited with `code` and printed the same result (JSON on stdout); that result. */
  function sameResult(rs: readonly Run[], code: number): CheckResult {
    for (const r of rs) {
      expect(r.code, describeRun(r)).to.equal(code);
      expect(errorLines(r), describeRun(r)).to.deep.equal([]);
    }
    const results = rs.map((r) => r.stdout);
    expect(new Set(results).size, 'every process reports the same result').to.equal(1);
    return JSON.parse(results[0]!) as CheckResult;
  }

  async function single(model: Model, params: Record<string, unknown>, invariants: readonly string[]): Promise<CheckResult> {
    return check(model, { params, invariants, coverage: false });
  }

  it('finds the states and transitions of the single check on a live-update configuration (31,991 states), 3 processes', async () => {
    const rs = await together(distributed('live-update', runName(), 3, [...LIVE, '--format', 'json']), 3);
    const r = sameResult(rs, 0);
    const s = await single(liveUpdate as never, LIVE_PARAMS, r.invariants);
    expect([r.verdict, r.stats.distinct, r.stats.generated, r.stats.maxDepth]).to.deep.equal([s.verdict, s.stats.distinct, s.stats.generated, s.stats.maxDepth]);
    expect(r.stats.distinct).to.equal(31_991);
    expect(r.distributed).to.deep.equal({ run: r.distributed!.run, partitions: 3, workers: 3 });
    // the model's temporal properties are not checked here, and the processes say so
    expect(r.properties).to.equal(undefined);
    expect(rs[0]!.stderr).to.contain('temporal properties of model live-update (LIV-1');
    const schema = JSON.parse(await readFile(join(ROOT, 'schemas/result.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    expect(validate(r) ? [] : validate.errors, 'the result validates against schemas/result.schema.json').to.deep.equal([]);
  });

  it('does the same on a classic model with more partitions than processes (the spare ones taken over), one process told the state count', async () => {
    // --expect-states is a hint, not part of the run's identity: a process told it joins a run that was not
    const run = runName();
    const rs = await Promise.all([lucheck(distributed('philosophers', run, 5, ['--format', 'json'])).done, lucheck(distributed('philosophers', run, 5, ['--format', 'json', '--expect-states', '534'])).done]);
    const r = sameResult(rs, 0);
    const s = await single(philosophers as never, {}, r.invariants);
    expect([r.verdict, r.stats.distinct, r.stats.generated, r.stats.maxDepth]).to.deep.equal([s.verdict, s.stats.distinct, s.stats.generated, s.stats.maxDepth]);
    expect(rs.map((x) => x.stderr).join('')).to.contain('took over partition');
  });

  it('reports a violation with a shortest trace, as long as the single check’s, that lucheck replay reproduces', async () => {
    const out = join(dir, 'violation.json');
    const rs = await together(distributed('test/fixtures/brokenMutex.ts', runName(), 3, ['--format', 'json']), 2);
    const r = sameResult(rs, 10);
    const s = await single(brokenMutex as never, {}, r.invariants);
    expect(r.verdict).to.equal('violation');
    expect(r.violations[0]!.id).to.equal(s.violations[0]!.id);
    expect(r.violations[0]!.trace.length).to.equal(s.violations[0]!.trace.length);
    await writeFile(out, rs[0]!.stdout);
    const replayed = await lucheck(['replay', out]).done;
    expect(replayed.code, describeRun(replayed)).to.equal(10);
    expect(replayed.stdout).to.contain('MUTEX');
  });

  it('finds a live-update bug with a trace as long as the single check’s (text report, as lucheck check writes it)', async () => {
    const bug = ['--set', 'backend=vfio-type1', '--set', 'variant=v5.12', '--set', 'bugs=B1', '--set', 'handover=exec'];
    const rs = await together(distributed('live-update', runName(), 2, [...bug, '--format', 'json']), 2);
    const r = sameResult(rs, 10);
    const s = await single(liveUpdate as never, { backend: 'vfio-type1', variant: 'v5.12', bugs: 'B1', handover: 'exec' }, r.invariants);
    expect([r.verdict, r.violations[0]!.id, r.violations[0]!.trace.length]).to.deep.equal([s.verdict, s.violations[0]!.id, s.violations[0]!.trace.length]);
  });

  it('survives a process killed mid-run: its partition is taken over, the counts are still the single check’s', async () => {
    const run = runName();
    const args = distributed('live-update', run, 3, [...LIVE, '--format', 'json']);
    const victim = lucheck(args);
    const others = [lucheck(args), lucheck(args)];
    // killed once it holds a partition and the search is under way
    while (!/claimed partition/.test(victim.stderr())) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1500));
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    expect(killed.signal, 'the process was killed before the run ended').to.equal('SIGKILL');
    // a process restarted with the same command joins the run too
    const restarted = lucheck(args);
    const rs = await Promise.all([...others.map((o) => o.done), restarted.done]);
    const r = sameResult(rs, 0);
    // the dead process's partitions are picked up where Redis has them, by a survivor ("took
    // over") or by the restarted process once the lease has lapsed ("claimed")
    const held = [...killed.stderr.matchAll(/(?:claimed|took over) partition (\d+) of run/g)].map((m) => m[1]!);
    expect(held, describeRun(killed)).to.not.be.empty;
    const survivors = rs.map((x) => x.stderr).join('');
    for (const p of held) {
      expect(survivors, `partition ${p} of the dead process was picked up by another`).to.match(new RegExp(`(?:claimed|took over) partition ${p} of run `));
    }
    const s = await single(liveUpdate as never, LIVE_PARAMS, r.invariants);
    expect([r.verdict, r.stats.distinct, r.stats.generated, r.stats.maxDepth]).to.deep.equal([s.verdict, s.stats.distinct, s.stats.generated, s.stats.maxDepth]);
  });

  it('shares the partitions with a process that comes late: the first gives back what is over its share', async () => {
    const args = distributed('live-update', runName(), 2, [...LIVE, '--format', 'json']);
    const first = lucheck(args);
    // past the first lease period (1 s), the first process holds both partitions
    while ((first.stderr().match(/(claimed|took over) partition/g) ?? []).length < 2) await new Promise((r) => setTimeout(r, 20));
    const late = lucheck(args);
    const rs = await Promise.all([first.done, late.done]);
    sameResult(rs, 0);
    expect(rs[1]!.stderr, describeRun(rs[1]!)).to.match(/(claimed|took over) partition/);
    expect(rs[1]!.stderr).to.match(/committed [1-9]\d* partition levels/);
  });

  describe('bad input: one line, exit 2', () => {
    const oneLine = (r: Run, pattern: RegExp) => {
      expect(r.code, describeRun(r)).to.equal(2);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines, describeRun(r)).to.have.length(1);
      expect(lines[0]).to.match(pattern);
      expect(r.stdout).to.equal('');
    };

    it('an unknown model', async () => {
      oneLine(await lucheck(distributed('no-such-model', runName(), 2)).done, /^lucheck: .*no-such-model/);
    });

    it('a --redis that is not a redis URL', async () => {
      oneLine(await lucheck(['distributed', 'counter', '--redis', 'http://127.0.0.1:6379', '--run', 'x', '--partitions', '2']).done, /^lucheck: bad value .* for --redis; allowed: a redis:\/\/ or rediss:\/\/ URL/);
    });

    it('a Redis server nobody answers at', async () => {
      const port = await freePort();
      oneLine(await lucheck(['distributed', 'counter', '--redis', `redis://127.0.0.1:${port}`, '--run', 'x', '--partitions', '2']).done, new RegExp(`^lucheck: cannot reach the Redis server at 127.0.0.1:${port}: .*ECONNREFUSED`));
    });

    it('a process whose command differs from the run’s', async () => {
      const run = runName();
      const first = await lucheck(distributed('counter', run, 1, ['--set', 'size=3', '--format', 'json'])).done;
      expect(first.code, describeRun(first)).to.equal(0);
      oneLine(await lucheck(distributed('counter', run, 2, ['--set', 'size=4'])).done, /^lucheck: run .* was started by another command \(parameter size: '3' then, '4' now; partitions: '1' then, '2' now\); join it with: lucheck distributed counter/);
    });

    it('a temporal property named with --invariant', async () => {
      oneLine(await lucheck(distributed('live-update', runName(), 2, ['--invariant', 'LIV-1'])).done, /^lucheck: lucheck distributed checks invariants and deadlock; LIV-1 is a temporal property of model live-update, checked by lucheck check/);
    });

    it('missing --partitions, --run or --redis', async () => {
      oneLine(await lucheck(['distributed', 'counter', '--redis', url, '--run', 'x']).done, /needs --partitions P/);
      oneLine(await lucheck(['distributed', 'counter', '--redis', url, '--partitions', '2']).done, /needs --run NAME/);
      oneLine(await lucheck(['distributed', 'counter', '--run', 'x', '--partitions', '2']).done, /needs --redis URL/);
    });
  });

  it('a process that comes after the end reports the run’s result', async () => {
    const run = runName();
    const rs = await together(distributed('counter', run, 2, ['--set', 'size=5', '--format', 'json']), 2);
    const r = sameResult(rs, 0);
    const late = await lucheck(distributed('counter', run, 2, ['--set', 'size=5', '--format', 'json'])).done;
    expect(late.code, describeRun(late)).to.equal(0);
    expect(JSON.parse(late.stdout)).to.deep.equal(r);
  });
});
