// lucheck simulate's core: the walks check what the exhaustive search checks, a failing walk is
// shrunk to a counterexample as short as the search's shortest (or nearly), the same seed gives
// the same counterexample, and a simulation that finds nothing never says pass.
import { expect } from 'chai';
import fc from 'fast-check';
import { check, defineModel, type CheckResult } from 'lucheck';
import { setup as machineSetup, assign } from 'xstate';
import { simulate } from '../../src/simulate/simulate.ts';
import { randomWalk, pickEvent } from '../../src/simulate/randomWalk.ts';
import { loopFree } from '../../src/simulate/loopFree.ts';
import { shortcut } from '../../src/simulate/shortcut.ts';
import { createSystem } from '../../src/compiled/createSystem.ts';
import { searchProblem } from '../../src/check.ts';
import philosophers from '../../examples/philosophers.ts';
import fifo from '../../examples/fifo.ts';
import filter from '../../examples/filter.ts';
import autosave from '../../examples/autosave.ts';
import peterson from '../../examples/peterson.ts';

/** A counter that goes up and down on a line of `n`; INV fails at `bad`; no event is enabled at the top unless `top` is final. */
function line(n: number, bad: number, topFinal = true) {
  const machine = machineSetup({ types: { context: {} as { x: number }, events: {} as { type: 'UP' } | { type: 'DOWN' } } }).createMachine({
    id: 'line',
    context: { x: 0 },
    initial: 'on',
    states: {
      on: {
        always: { guard: ({ context }) => context.x === n, target: 'top' },
        on: {
          UP: { actions: assign({ x: ({ context }) => context.x + 1 }) },
          DOWN: { guard: ({ context }) => context.x > 0, actions: assign({ x: ({ context }) => context.x - 1 }) },
        },
      },
      top: topFinal ? { type: 'final' } : {},
    },
  });
  return defineModel({
    name: 'line',
    machine: () => machine,
    events: () => [{ type: 'UP' }, { type: 'DOWN' }],
    invariants: [{ id: 'BELOW', title: 'stays below bad', description: '', check: (s: { context: unknown }) => (s.context as { x: number }).x !== bad || `x reached ${bad}` }],
  });
}

const bfsLength = (r: CheckResult) => r.violations[0]!.trace.length - 1;
const lengthOf = (r: CheckResult) => r.violations[0]!.trace.length - 1;

describe('lucheck simulate (core)', function () {
  this.timeout(120_000);

  it('pickEvent: without weights, choice modulo the enabled events; with weights, in proportion, and a weight-0 type only when nothing else is enabled', () => {
    const events = [{ type: 'A' }, { type: 'B' }, { type: 'C' }];
    expect([0, 1, 2, 3, 4].map((c) => pickEvent(events, c, undefined, new Map()))).to.deep.equal([0, 1, 2, 0, 1]);
    const types = new Map([['A', 0], ['B', 1], ['C', 2]]);
    // A weighs 0, B 1, C 3: out of 4 consecutive choices, B once, C three times, A never
    expect([0, 1, 2, 3].map((c) => pickEvent(events, c, [0, 1, 3], types))).to.deep.equal([1, 2, 2, 2]);
    expect(pickEvent([{ type: 'A' }], 5, [0, 1, 3], types)).to.equal(0);
  });

  it('randomWalk checks the invariants in the initial state and after every step, and deadlock only where no event is enabled in a state that is not final', () => {
    const model = line(3, 2, false);
    const system = createSystem(model, {}, 'compiled').system;
    const problem = searchProblem(model, {});
    // UP, UP violates at x = 2 after two steps, whatever comes after
    expect(randomWalk(system, problem, { choices: [0, 0, 0, 0] }, new Map())).to.deep.include({ path: [0, 0] });
    expect(randomWalk(system, problem, { choices: [0, 0] }, new Map()).end).to.deep.equal({ kind: 'violation', invariantId: 'BELOW', message: 'x reached 2' });
    expect(randomWalk(system, problem, { choices: [0] }, new Map()).end.kind).to.equal('end');
    // no violation on the way to the top, which is not final: a deadlock
    const stuck = line(3, 99, false);
    expect(randomWalk(createSystem(stuck, {}, 'compiled').system, searchProblem(stuck, {}), { choices: [0, 0, 0, 0, 0] }, new Map()).end.kind).to.equal('deadlock');
    const done = line(3, 99, true);
    expect(randomWalk(createSystem(done, {}, 'compiled').system, searchProblem(done, {}), { choices: [0, 0, 0, 0, 0] }, new Map()).end.kind).to.equal('end');
  });

  it('loopFree cuts every cycle of a path: the result ends in the same state and passes no state twice (fast-check over random paths)', () => {
    const model = line(6, 99, true);
    const system = createSystem(model, {}, 'compiled').system;
    const walk = (path: readonly number[]) => {
      let s = system.initialState();
      const keys = [system.key(s)];
      for (const i of path) keys.push(system.key((s = system.next(s, system.enabledEvents(s)[i]!))));
      return keys;
    };
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        const path = randomWalk(system, searchProblem(model, {}), { choices }, new Map()).path;
        const cut = loopFree(system, path);
        const before = walk(path);
        const after = walk(cut);
        expect(after.at(-1)).to.equal(before.at(-1));
        expect(new Set(after).size).to.equal(after.length);
        expect(cut.length).to.be.at.most(path.length);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('shortcut replaces a detour by the shortest way to the same failure within its budget, and leaves the path alone without budget', () => {
    const model = line(12, 4);
    const system = createSystem(model, {}, 'compiled').system;
    const problem = searchProblem(model, {});
    // UP, UP, UP, DOWN, DOWN, UP, UP, UP: x = 1 2 3 2 1 2 3 4, a detour of four steps
    const detour = [0, 0, 0, 1, 1, 0, 0, 0];
    const failure = randomWalk(system, problem, { choices: detour }, new Map()).end;
    expect(failure).to.deep.include({ kind: 'violation', invariantId: 'BELOW' });
    expect(shortcut(system, problem, detour, failure)).to.deep.equal([0, 0, 0, 0]);
    expect(shortcut(system, problem, detour, failure, { perState: 0, total: 0 })).to.deep.equal(detour);
  });

  const buggy: [string, Parameters<typeof simulate>[0], Record<string, unknown>][] = [
    ['philosophers n=5 bug', philosophers, { n: 5, bug: true }],
    ['fifo producers=3 capacity=4 bug', fifo, { producers: 3, capacity: 4, bug: true }],
    ['filter n=3 bug', filter, { n: 3, bug: true }],
    ['autosave (lost edit, through a delay and an actor)', autosave, {}],
    ['a line whose bad state is 9 steps up', line(12, 9), {}],
  ];
  for (const [name, model, params] of buggy) {
    it(`${name}: found and shrunk to at most the shortest counterexample plus 2 steps, on both engines, the same counterexample again from the same seed and from its path`, async () => {
      const bfs = await check(model, { params, coverage: false });
      expect(bfs.verdict).to.be.oneOf(['violation', 'deadlock']);
      for (const engine of ['compiled', 'reference'] as const) {
        const sim = simulate(model, { params, engine, seed: 5, runs: 5000, depth: 200 });
        expect(sim.verdict, `${engine}: ${sim.error?.message ?? sim.verdict}`).to.be.oneOf(['violation', 'deadlock']);
        expect(sim.strategy).to.equal('random');
        const found = sim.simulation!.found!;
        // the BFS shortest for the failure simulate found (it may find another invariant first)
        const same = sim.verdict === 'deadlock' || sim.violations[0]!.id === bfs.violations[0]!.id ? bfs : await check(model, { params, coverage: false, invariants: [sim.violations[0]!.id] });
        expect(lengthOf(sim), `${engine}: found ${found.foundSteps}, shrunk ${found.shrunkSteps}`).to.be.at.most(bfsLength(same) + 2);
        expect(found.steps).to.equal(lengthOf(sim));
        expect(found.shrunkSteps).to.be.at.most(found.foundSteps);
        // reproducible: the same seed, and the seed with the path, give the same trace
        const again = simulate(model, { params, engine, seed: 5, runs: 5000, depth: 200 });
        expect(again.violations).to.deep.equal(sim.violations);
        const direct = simulate(model, { params, engine, seed: found.seed, path: found.path, depth: 200 });
        expect(direct.violations).to.deep.equal(sim.violations);
        expect(direct.simulation!.walks).to.equal(1);
      }
    });
  }

  it('a model no walk can break is incomplete (reason runs), never pass, with the walks and the distinct states they met', () => {
    const r = simulate(peterson, { seed: 1, runs: 200, depth: 30 });
    expect(r.verdict).to.equal('incomplete');
    expect(r.incomplete).to.deep.equal({ reason: 'runs', limit: 200 });
    expect(r.simulation!.walks).to.equal(200);
    expect(r.stats.distinct).to.be.greaterThan(1);
    expect(r.stats.maxDepth).to.be.at.most(30);
    expect(r.coverage!.transitions.some((t) => t.fired > 0)).to.equal(true);
  });

  it('a time limit ends the walks as incomplete (reason time-limit)', () => {
    let t = 0;
    const r = simulate(peterson, { seed: 1, runs: 1_000_000, depth: 30, timeLimitMs: 50, now: () => (t += 1) });
    expect(r.verdict).to.equal('incomplete');
    expect(r.incomplete?.reason).to.equal('time-limit');
    expect(r.simulation!.walks).to.be.lessThan(1_000_000);
  });

  it('swarm mode draws weights per walk and still finds and shrinks the failure; an invariant that throws is a model error verdict', () => {
    const r = simulate(fifo, { params: { producers: 3, capacity: 4, bug: true }, seed: 9, runs: 5000, depth: 200, swarm: true });
    expect(r.verdict).to.equal('violation');
    expect(r.simulation!.swarm).to.equal(true);
    const throwing = defineModel({ ...line(5, 99), invariants: [{ id: 'BOOM', title: '', description: '', check: (s) => { if ((s.context as { x: number }).x === 2) throw new Error('boom'); return true; } }] });
    const e = simulate(throwing, { seed: 1, runs: 500, depth: 20 });
    expect(e.verdict).to.equal('error');
    expect(e.error!.message).to.match(/BOOM threw/);
  });
});
