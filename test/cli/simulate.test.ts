// lucheck simulate as a user runs it (the real binary): the exit code of its verdict, a
// counterexample reported as check reports one and replayable, the command it prints drawing
// the same counterexample again, ITF output, parallel walks, and bad input as one line.
import { expect } from 'chai';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, oneStderrLine, runLucheck as lucheck } from '../support/lucheckBinary.ts';

const FIFO = ['fifo', '--set', 'producers=3', '--set', 'capacity=4', '--set', 'bug=true'];

describe('lucheck simulate (the real binary)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lucheck-simulate-'));
  });

  it('reports a shrunk counterexample (exit 10) whose reproduce command draws it again, and whose JSON lucheck replay re-executes (exit 10)', async () => {
    const r = await lucheck(['simulate', ...FIFO, '--seed', '17', '--runs', '3000']);
    expect(r.code, describeRun(r)).to.equal(10);
    expect(r.stdout).to.match(/^lucheck simulate fifo/);
    expect(r.stdout).to.match(/violation of BOUNDED/);
    expect(r.stdout).to.match(/counterexample \(a random walk, shrunk: not necessarily shortest\), \d+ steps:/);
    expect(r.stdout).to.match(/found by a walk of \d+ steps after .*; shrunk by fast-check to \d+ steps/);
    const reproduce = /reproduce: lucheck (simulate .*) --format json --out trace\.json; lucheck replay trace\.json/.exec(r.stdout);
    expect(reproduce, r.stdout).to.not.equal(null);
    const args = reproduce![1]!.split(' ');
    expect(args).to.include('--path');
    const json = join(dir, 'trace.json');
    const again = await lucheck([...args, '--format', 'json', '--out', json]);
    expect(again.code, describeRun(again)).to.equal(10);
    const doc = JSON.parse(await readFile(json, 'utf8'));
    expect(doc.strategy).to.equal('random');
    expect(doc.simulation.walks).to.equal(1);
    // the trace of the first run, step for step
    const first = await lucheck(['simulate', ...FIFO, '--seed', '17', '--runs', '3000', '--format', 'json']);
    expect(JSON.parse(first.stdout).violations).to.deep.equal(doc.violations);
    const replay = await lucheck(['replay', json]);
    expect(replay.code, describeRun(replay)).to.equal(10);
    expect(replay.stdout).to.match(/violation of BOUNDED reproduced/);
  });

  it('writes the counterexample as ITF: whole states, integers as #bigint, the action taken, one state per step', async () => {
    const r = await lucheck(['simulate', ...FIFO, '--seed', '17', '--runs', '3000', '--format', 'itf']);
    expect(r.code, describeRun(r)).to.equal(10);
    const itf = JSON.parse(r.stdout);
    const json = JSON.parse((await lucheck(['simulate', ...FIFO, '--seed', '17', '--runs', '3000', '--format', 'json'])).stdout);
    expect(itf['#meta'].format).to.equal('ITF');
    expect(itf.vars).to.deep.equal(['value', 'context', 'mbt::actionTaken']);
    expect(itf.states).to.have.length(json.violations[0].trace.length);
    expect(itf.states[0]['mbt::actionTaken']).to.equal('init');
    itf.states.forEach((s: Record<string, unknown>, i: number) => {
      expect(s['#meta']).to.deep.include({ index: i });
      if (i > 0) expect(s['mbt::actionTaken']).to.equal(json.violations[0].trace[i].event.type);
    });
    // no bare numbers anywhere in the states: ITF integers are #bigint
    expect(JSON.stringify(itf.states.map((s: Record<string, unknown>) => s.context))).to.not.match(/:\s*-?\d/);
    // check writes ITF too, for its shortest counterexample
    const c = await lucheck(['check', ...FIFO, '--format', 'itf']);
    expect(c.code).to.equal(10);
    expect(JSON.parse(c.stdout).states.length).to.be.greaterThan(1);
  });

  it('writes every reporter check writes, each naming the random walk\'s counterexample', async () => {
    const out = (f: string) => join(dir, f);
    const r = await lucheck(['simulate', ...FIFO, '--seed', '17', '--runs', '3000', '--reporter', `junit:${out('r.xml')}`, '--reporter', `markdown:${out('r.md')}`, '--reporter', `sarif:${out('r.sarif')}`, '--reporter', `github:${out('r.gh')}`, '--reporter', `html:${out('html')}`]);
    expect(r.code, describeRun(r)).to.equal(10);
    expect(await readFile(out('r.xml'), 'utf8')).to.match(/<failure[^>]*>[\s\S]*counterexample \(a random walk, shrunk: not necessarily shortest\)/);
    expect(await readFile(out('r.md'), 'utf8')).to.match(/BOUNDED[\s\S]*sequenceDiagram/);
    expect(JSON.parse(await readFile(out('r.sarif'), 'utf8')).runs[0].results[0].ruleId).to.equal('BOUNDED');
    expect(await readFile(out('r.gh'), 'utf8')).to.match(/^::error /m);
    expect(await readFile(join(out('html'), 'index.html'), 'utf8')).to.match(/BOUNDED/);
  });

  it('says incomplete (exit 4), never pass, when no walk fails', async () => {
    const r = await lucheck(['simulate', 'peterson', '--seed', '1', '--runs', '100']);
    expect(r.code, describeRun(r)).to.equal(4);
    expect(r.stdout).to.match(/incomplete: no walk violated an invariant or deadlocked, stopped at --runs 100; 100 walks \(seed 1, up to 100 steps\)/);
    expect(r.stdout).to.not.match(/^pass/m);
  });

  it('--workers 2: the walks in two threads, the failing walk shrunk as the single-threaded run from its seed shrinks it', async () => {
    const r = await lucheck(['simulate', ...FIFO, '--seed', '17', '--runs', '3000', '--workers', '2', '--format', 'json']);
    expect(r.code, describeRun(r)).to.equal(10);
    const doc = JSON.parse(r.stdout);
    expect(doc.workers).to.equal(2);
    const { seed, path } = doc.simulation.found;
    const single = JSON.parse((await lucheck(['simulate', ...FIFO, '--seed', String(seed), '--path', path, '--format', 'json'])).stdout);
    expect(single.violations).to.deep.equal(doc.violations);
  });

  for (const [args, pattern] of [
    [['--seed', 'x'], /bad value 'x' for --seed; allowed: an integer/],
    [['--seed', '4294967296'], /bad value '4294967296' for --seed/],
    [['--path', '1:2'], /--path needs the --seed it was found with/],
    [['--seed', '1', '--path', '1;2'], /bad value '1;2' for --path; allowed: numbers separated by colons/],
    [['--runs', '0'], /bad value '0' for --runs; allowed: an integer from 1 to 2147483647/],
    [['--depth', 'deep'], /bad value 'deep' for --depth/],
    [['--depth', '99999999'], /bad value '99999999' for --depth; allowed: an integer from 1 to 1000000/],
    [['--engine', 'fast'], /unknown --engine 'fast'; allowed: auto, compiled, reference/],
    [['--format', 'yaml'], /unknown --format 'yaml'; allowed: text, json, itf/],
    [['--set', 'nope=1'], /nope/],
    [['--symmetry'], /simulate/],
  ] as const) {
    it(`refuses ${args.join(' ')} with one line (exit 2)`, async () => {
      const r = await lucheck(['simulate', 'peterson', ...args]);
      expect(r.code, describeRun(r)).to.equal(2);
      expect(oneStderrLine(r)).to.match(pattern);
    });
  }
});
