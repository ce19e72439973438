import { expect } from 'chai';
import { check } from 'lucheck';
import counter from '../../examples/counter.ts';
import peterson from '../../examples/peterson.ts';
import philosophers from '../../examples/philosophers.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

describe('check (breadth-first, the default)', () => {
  it('reports exactly size^regions distinct states for the counter product (5^3 = 125, 30^2 = 900)', async () => {
    const a = await check(counter, { params: { regions: 3, size: 5 } });
    expectVerdict(a, 'pass');
    expect(a.stats.distinct).to.equal(125);
    const b = await check(counter, { params: { regions: 2, size: '30' } });
    expect(b.stats.distinct).to.equal(900);
    // every state has one successor per region: generated = 1 (initial) + regions * distinct
    expect(b.stats.generated).to.equal(1 + 2 * 900);
    expect(b.stats.maxDepth).to.equal(58);
  });

  it("finds that Peterson's protocol holds over its 20 states", async () => {
    const r = await check(peterson);
    expectVerdict(r, 'pass');
    expect(r.stats.distinct).to.equal(20);
    expect(r.invariants).to.deep.equal(['MUTEX']);
  });

  it('finds the shortest counterexample to the broken mutex (4 steps), starting from the initial state', async () => {
    const r = await check(brokenMutex);
    expectVerdict(r, 'violation');
    const v = r.violations[0]!;
    expect(v).to.include({ kind: 'invariant', id: 'MUTEX', message: 'p0 and p1 are both critical' });
    expect(v.trace.map((t) => t.step)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(v.trace[0]).to.include({ event: null, actor: null });
    expect(v.trace.slice(1).map((t) => t.event!.type).sort()).to.deep.equal(['p0.ENTER', 'p0.TRY', 'p1.ENTER', 'p1.TRY']);
    expect(v.trace.slice(1).map((t) => t.actor)).to.have.members(['p0', 'p0', 'p1', 'p1']);
    expect(v.trace[4]!.state).to.equal('p0.critical p1.critical');
  });

  it('records per step what changed in the context', async () => {
    const r = await check(brokenMutex);
    const enter = r.violations[0]!.trace.find((t) => t.event?.type === 'p0.ENTER')!;
    expect(enter.changes).to.deep.equal(['flag.0: false→true']);
    expect(enter.summary).to.contain('flag.0: false→true');
  });

  it('finds the lock-order deadlock 2 steps from the start, and none when both take A first', async () => {
    const r = await check(lockOrder);
    expectVerdict(r, 'deadlock');
    const v = r.violations[0]!;
    expect(v.kind).to.equal('deadlock');
    expect(v.id).to.equal('DEADLOCK');
    expect(v.trace).to.have.length(3);
    expect(v.trace[2]!.state).to.equal('p0.one p1.one');
    expectVerdict(await check(lockOrder, { params: { ordered: true } }), 'pass');
  });

  it('treats a machine whose status is done as final, not as a deadlock', async () => {
    const r = await check(lockOrder, { params: { ordered: true } });
    expectVerdict(r, 'pass');
    expect(r.stats.distinct).to.be.greaterThan(5);
  });
});

describe('check with symmetry reduction', () => {
  it('counts the counter product up to permutations of its regions: C(5 + 2, 3) = 35 multisets instead of 5^3 = 125', async () => {
    const off = await check(counter, { params: { regions: 3, size: 5 } });
    const on = await check(counter, { params: { regions: 3, size: 5 }, symmetry: true });
    expectVerdict(on, 'pass');
    expect([off.stats.distinct, on.stats.distinct]).to.deep.equal([125, 35]);
    expect(on.symmetry).to.equal(true);
    expect((await check(counter, { params: { regions: 3, size: 5 }, symmetry: true, engine: 'reference' })).stats.distinct).to.equal(35);
  });

  it('refuses --symmetry for a model that declares none', async () => {
    await check(peterson, { symmetry: true }).then(
      () => expect.fail('must refuse'),
      (e: Error) => expect(e.message).to.equal('model peterson declares no symmetry; run without --symmetry'),
    );
  });
});

describe('check bounds', () => {
  it('stops at --max-states with verdict incomplete and the limit it hit', async () => {
    const r = await check(counter, { params: { size: 10 }, maxStates: 100 });
    expectVerdict(r, 'incomplete');
    expect(r.incomplete).to.deep.equal({ reason: 'max-states', limit: 100 });
    expect(r.stats.distinct).to.equal(100);
  });

  it('passes when --max-states equals the exact number of states', async () => {
    expectVerdict(await check(counter, { params: { size: 10 }, maxStates: 1000 }), 'pass');
  });

  it('--expect-states sizes the visited set at the start and changes no verdict, count or counterexample (bfs, dfs, temporal properties)', async () => {
    const cases = [
      [counter, { regions: 3, size: 30 }, 'bfs'],
      [counter, { regions: 3, size: 30 }, 'dfs'],
      [brokenMutex, {}, 'bfs'],
      [lockOrder, {}, 'dfs'],
      [philosophers, { n: 5 }, 'bfs'], // EATS, a temporal property: its state graph's store is sized
    ] as const;
    for (const [model, params, strategy] of cases) {
      const plain = await check(model, { params, strategy, coverage: false });
      const told = await check(model, { params, strategy, coverage: false, expectedStates: 1_000_000 });
      const what = `${plain.model} ${strategy}`;
      expect([told.verdict, told.stats.distinct, told.stats.generated, told.stats.maxDepth], what).to.deep.equal([plain.verdict, plain.stats.distinct, plain.stats.generated, plain.stats.maxDepth]);
      expect(told.violations, what).to.deep.equal(plain.violations);
      // the set's slots for a million states (at 3/4 load, 8 or, with the state numbers of the state graph, 12 bytes a slot)
      expect(told.stats.storeBytes, what).to.be.at.least(8 * (1_000_000 / 0.75));
      expect(plain.stats.storeBytes, what).to.be.below(8 * (1_000_000 / 0.75));
    }
  });

  it('--expect-states is capped by --max-states, and refused when not a count of states', async () => {
    const capped = await check(counter, { params: { regions: 3, size: 30 }, maxStates: 100, expectedStates: 1_000_000, coverage: false });
    expect(capped.verdict).to.equal('incomplete');
    expect(capped.stats.storeBytes, 'a set sized for 100 states, not a million').to.be.below(1_000_000);
    for (const bad of [-1, 1.5, 2 ** 31, NaN]) {
      const error = await check(counter, { expectedStates: bad }).catch((e: unknown) => e);
      expect(String(error), String(bad)).to.match(/bad value .* for --expect-states; allowed: an integer from 1 to 2147483647/);
    }
  });

  it('stops at --max-depth with verdict incomplete, and passes when the bound is not reached', async () => {
    const r = await check(counter, { params: { regions: 1, size: 10 }, maxDepth: 3 });
    expectVerdict(r, 'incomplete');
    expect(r.incomplete!.reason).to.equal('max-depth');
    expect(r.stats.distinct).to.equal(4);
    expectVerdict(await check(peterson, { maxDepth: 100 }), 'pass');
  });

  it('stops at the time limit with verdict incomplete (clock injected)', async () => {
    let t = 0;
    const r = await check(counter, { params: { size: 20 }, timeLimitMs: 5, now: () => (t += 1), progressEvery: 1 });
    expectVerdict(r, 'incomplete');
    expect(r.incomplete!.reason).to.equal('time-limit');
    expect(r.stats.distinct).to.be.lessThan(8000);
  });

  it('stops cleanly at the memory budget with verdict incomplete (usage injected), in bfs and dfs', async () => {
    for (const strategy of ['bfs', 'dfs'] as const) {
      let used = 0;
      const r = await check(counter, { params: { size: 20 }, strategy, progressEvery: 10, memoryBudgetBytes: 1000, memoryUsed: () => (used += 100) });
      expectVerdict(r, 'incomplete');
      expect(r.incomplete).to.deep.equal({ reason: 'memory', limit: 1000 });
      expect(r.stats.distinct).to.be.lessThan(8000);
    }
    // without a measure, the visited set's own bytes count against the budget
    const own = await check(counter, { params: { size: 20 }, progressEvery: 10, memoryBudgetBytes: 1024 });
    expect(own.incomplete?.reason).to.equal('memory');
    expectVerdict(await check(counter, { params: { size: 5 }, memoryBudgetBytes: 1e9 }), 'pass');
  });

  it('reports progress through the observer', async () => {
    const seen: number[] = [];
    await check(counter, { params: { size: 10 }, progressEvery: 100, observer: { onProgress: (s) => seen.push(s.distinct) } });
    expect(seen.length).to.be.greaterThan(3);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
  });
});

describe('check (depth-first)', () => {
  it('visits the same number of states as breadth-first search', async () => {
    const r = await check(counter, { params: { regions: 3, size: 6 }, strategy: 'dfs' });
    expectVerdict(r, 'pass');
    expect(r.stats.distinct).to.equal(216);
    expect((await check(peterson, { strategy: 'dfs' })).stats.distinct).to.equal(20);
  });

  it('finds the broken-mutex violation with a valid (not necessarily shortest) trace', async () => {
    const r = await check(brokenMutex, { strategy: 'dfs' });
    expectVerdict(r, 'violation');
    expect(r.strategy).to.equal('dfs');
    expect(r.violations[0]!.trace.length).to.be.at.least(5);
    expect(r.violations[0]!.trace.at(-1)!.state).to.equal('p0.critical p1.critical');
  });

  it('finds the lock-order deadlock', async () => {
    expectVerdict(await check(lockOrder, { strategy: 'dfs' }), 'deadlock');
  });
});
