import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, type Model } from 'lucheck';
import philosophers from '../../examples/philosophers.ts';
import fifo from '../../examples/fifo.ts';
import filter from '../../examples/filter.ts';
import { fifoPromela, filterPromela, philosophersPromela } from '../../scripts/classicPromela.ts';
import { floorSearch } from '../../scripts/classicFloor.ts';

/** The classic models with the states SPIN stores for their Promela (spin 6.5.2, -DSAFETY -DNOREDUCE). */
const CASES: readonly (readonly [string, Model, Record<string, number>, string, number])[] = [
  ['dining philosophers, 5', philosophers, { n: 5 }, philosophersPromela(5), 534],
  ['dining philosophers, 6', philosophers, { n: 6 }, philosophersPromela(6), 1902],
  ['bounded FIFO, 2 producers, 3 places', fifo, { producers: 2, capacity: 3 }, fifoPromela(2, 3), 180],
  ['bounded FIFO, 3 producers, 2 places', fifo, { producers: 3, capacity: 2 }, fifoPromela(3, 2), 416],
  ['filter lock, 3 processes', filter, { n: 3 }, filterPromela(3), 288],
  ['filter lock, 4 processes', filter, { n: 4 }, filterPromela(4), 4752],
];

const hasSpin = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v spin && command -v gcc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The states pan stores for a Promela model, exhaustively. */
function spinStates(promela: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'lucheck-classic-'));
  try {
    writeFileSync(join(dir, 'model.pml'), promela);
    execFileSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'ignore' });
    execFileSync('gcc', ['-O1', '-DSAFETY', '-DNOREDUCE', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
    const out = execFileSync(join(dir, 'pan'), ['-m100000'], { cwd: dir, encoding: 'utf8' });
    expect(out).to.match(/errors: 0/);
    return Number(/(\d+) states, stored/.exec(out)![1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the classic models (examples/philosophers.ts, fifo.ts, filter.ts)', () => {
  for (const [name, model, params, , states] of CASES) {
    it(`${name}: holds with no deadlock, with the same states, transitions and coverage on both engines (${states}, as SPIN stores)`, async () => {
      const [c, r] = await Promise.all([check(model, { params, engine: 'compiled' }), check(model, { params, engine: 'reference' })]);
      expect(c.engine).to.equal('compiled');
      expect(c.verdict).to.equal('pass');
      expect([r.verdict, r.stats.distinct, r.stats.generated]).to.deep.equal(['pass', c.stats.distinct, c.stats.generated]);
      expect(c.coverage).to.deep.equal(r.coverage);
      expect(c.stats.distinct).to.equal(states);
    });
  }

  describe("the bench's hand-written JavaScript checks of the same models (scripts/classicFloor.ts)", () => {
    for (const [name, model, params] of CASES) {
      it(`${name}: the hand-written check finds as many states as lucheck, with as many transitions`, async () => {
        const r = await check(model, { params, coverage: false });
        const h = floorSearch(model.name, params);
        expect([h.states, h.generated]).to.deep.equal([r.stats.distinct, r.stats.generated]);
      });
    }
  });

  describe('against SPIN on the same models in Promela (scripts/classicPromela.ts)', () => {
    for (const [name, model, params, promela] of CASES) {
      it(`${name}: SPIN stores as many states as lucheck finds`, async function () {
        if (!hasSpin) this.skip(); // npm run bench installs spin and gcc; the tests do not
        const r = await check(model, { params, coverage: false });
        expect(spinStates(promela)).to.equal(r.stats.distinct);
      });
    }
  });

  for (const [model, params, invariant, steps] of [
    [philosophers, { n: 5, bug: true }, 'FORKS-HELD', 5],
    [fifo, { producers: 2, capacity: 2, bug: true }, 'BOUNDED', 6],
    [filter, { n: 3, bug: true }, 'MUTEX', 10],
  ] as const) {
    it(`finds the seeded bug of ${model.name} (--set bug=true) as a violation of ${invariant}, with a shortest trace, on both engines`, async () => {
      for (const engine of ['compiled', 'reference'] as const) {
        const r = await check(model, { params, engine });
        expect(r.verdict, engine).to.equal('violation');
        expect(r.violations[0]!.id).to.equal(invariant);
        expect(r.violations[0]!.trace.length - 1, engine).to.equal(steps);
      }
    });
  }
});
