// The liveness verdicts against SPIN's on the same models, written here in Promela with the
// statecharts' states as labels: SPIN checks the LTL formula as a never claim (`pan -a`), with
// and without its weak fairness (`-f`, per process, as WF per region here). Runs wherever spin
// and gcc are installed (npm run bench installs them; the tests do not).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from 'lucheck';
import fairMutex from '../../examples/fairMutex.ts';
import philosophers, { forksOf } from '../../examples/philosophers.ts';

let hasSpin = false;
try {
  execFileSync('sh', ['-c', 'command -v spin && command -v gcc'], { stdio: 'ignore' });
  hasSpin = true;
} catch {
  hasSpin = false;
}

/** Whether SPIN finds an acceptance cycle (a violation of the model's `ltl` formula), with or without weak fairness. */
function spinViolates(promela: string, weakFairness: boolean): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'lucheck-spin-ltl-'));
  writeFileSync(join(dir, 'model.pml'), promela);
  execFileSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'ignore' });
  execFileSync('gcc', ['-O2', '-DNOREDUCE', '-DMEMLIM=4000', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  const out = execFileSync(join(dir, 'pan'), ['-a', '-m1000000', ...(weakFairness ? ['-f'] : [])], { cwd: dir, encoding: 'utf8' });
  const errors = /errors: (\d+)/.exec(out);
  if (!errors) throw new Error(`unexpected pan output:\n${out}`);
  return Number(errors[1]) > 0;
}

/** Peterson with busy waiting (examples/fairMutex.ts): p0 wants, gives the turn away, spins until it may enter. */
function petersonPromela(): string {
  const proc = (i: number) => {
    const j = 1 - i;
    return [
      `active proctype p${i}() {`,
      '  do',
      `  :: flag[${i}] = true;`,
      `want: turn = ${j};`,
      'waiting:',
      '     do',
      `     :: (!flag[${j}] || turn == ${i}) -> break`,
      `     :: (flag[${j}] && turn == ${j})`,
      '     od;',
      `critical: flag[${i}] = false`,
      '  od',
      '}',
    ].join('\n');
  };
  return ['bool flag[2];', 'bit turn;', proc(0), proc(1), 'ltl enters { [] ((p0@want || p0@waiting) -> <> p0@critical) }', ''].join('\n');
}

/** The philosophers (examples/philosophers.ts), each taking the lower-numbered fork first. */
function philosophersPromela(n: number): string {
  const procs = Array.from({ length: n }, (_, i) => {
    const [a, b] = forksOf(i, n);
    return [
      `active proctype p${i}() {`,
      '  do',
      '  :: skip;',
      `hungry: atomic { !fork[${a}] -> fork[${a}] = true };`,
      `one: atomic { !fork[${b}] -> fork[${b}] = true };`,
      `eating: atomic { fork[${a}] = false; fork[${b}] = false }`,
      '  od',
      '}',
    ].join('\n');
  });
  return [`bool fork[${n}];`, ...procs, 'ltl eats { [] (p0@hungry -> <> p0@eating) }', ''].join('\n');
}

describe('liveness verdicts against SPIN (never claims, pan -a, with and without -f)', function () {
  this.timeout(120_000);
  before(function () {
    if (!hasSpin) this.skip();
  });

  it("Peterson with busy waiting: both starve p0 without fairness and neither does under weak fairness", async () => {
    const promela = petersonPromela();
    const [none, weak] = [await check(fairMutex, { fairness: [], invariants: ['ENTERS-p0'] }), await check(fairMutex, { invariants: ['ENTERS-p0'] })];
    expect([none.verdict, spinViolates(promela, false)]).to.deep.equal(['liveness', true]);
    expect([weak.verdict, spinViolates(promela, true)]).to.deep.equal(['pass', false]);
  });

  it('dining philosophers, 3 and 4: a hungry philosopher may starve under weak fairness, in both', async () => {
    for (const n of [3, 4]) {
      const r = await check(philosophers, { params: { n, fairness: 'weak' }, invariants: ['EATS'] });
      expect([r.verdict, spinViolates(philosophersPromela(n), true)], `n=${n}`).to.deep.equal(['liveness', true]);
    }
  });
});
