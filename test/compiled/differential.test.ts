import { expect } from 'chai';
import fc from 'fast-check';
import { assign, createMachine } from 'xstate';
import { canonicalJson, check, createXstateSystem, defineModel, ModelError, resolveModelParams, type Model, type XstateSystem } from 'lucheck';
import { CompileRefusal, compileMachine } from '../../src/compiled/compileMachine.ts';
import { expandInto, fingerprintOf } from '../../src/search/successor.ts';
import { createCompiledSystem } from '../../src/compiled/compiledSystem.ts';
import { chartArb, chartModel } from '../support/randomStatechart.ts';
import { richChartArb, richChartModel } from '../support/richStatechart.ts';
import { ValueQueue } from '../../src/store/ValueQueue.ts';
import { ValueDictionary } from '../../src/store/ValueDictionary.ts';
import counter from '../../examples/counter.ts';
import peterson from '../../examples/peterson.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import liveUpdate from '../../machines/liveUpdate.ts';
import philosophers from '../../examples/philosophers.ts';
import fifo from '../../examples/fifo.ts';
import filter from '../../examples/filter.ts';
import { ConfigurationTable } from '../../src/compiled/ConfigurationTable.ts';

function both(model: Model, given: Record<string, unknown> = {}): { ref: XstateSystem; comp: XstateSystem } {
  const params = resolveModelParams(model, given);
  const ref = createXstateSystem(model, params);
  return { ref, comp: createCompiledSystem(model, params, compileMachine(ref.machine)) };
}

/** What a call gave: its value, or the code of the model error it threw. */
function outcome<T>(f: () => T): { value?: T; error?: string } {
  try {
    return { value: f() };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return { error: error.code };
  }
}

const refText = (r: { source: string; event: string; candidate: number }) => `${r.source} ${r.event || 'always'} #${r.candidate}`;

// The two arrays `expandInto` writes into, the same for every state of every walk, as a search
// reuses them: first filled with marks, to show that nothing is written past the count.
const UNWRITTEN = Object.freeze({ type: 'UNWRITTEN' });
const intoEvents: unknown[] = new Array(16).fill(UNWRITTEN);
const intoStates: unknown[] = new Array(16).fill(UNWRITTEN);

/** `expandInto` of `system` in `state` (into the reused arrays): what `expanded` says, at 0 to n - 1, and nothing changed from n on. */
function expectIntoAsExpand(system: XstateSystem, state: unknown, expanded: { events: readonly unknown[]; states: readonly unknown[] }, at: string): void {
  const before = [intoEvents.slice(), intoStates.slice()];
  const n = expandInto(system as never, state as never, intoEvents as never[], intoStates as never[]);
  expect(n, `expandInto's count ${at}`).to.equal(expanded.events.length);
  expect(intoEvents.slice(0, n).map((e) => canonicalJson(e)), `expandInto's events ${at}`).to.deep.equal(expanded.events.map((e) => canonicalJson(e)));
  expect(intoStates.slice(0, n).map((x) => system.key(x as never)), `expandInto's successors ${at}`).to.deep.equal(expanded.states.map((x) => system.key(x as never)));
  expect(intoEvents.slice(n).every((e, k) => e === before[0]![n + k]) && intoStates.slice(n).every((x, k) => x === before[1]![n + k]), `expandInto wrote past its count ${at}`).to.equal(true);
}

/**
 * Walks both systems along the same random path, comparing at every state the enabled events
 * (payloads included, in order), the key of every successor, the transitions each step took
 * (coverage: as sets, since xstate takes the always transitions of several regions in the
 * order their states were entered, lucheck in document order), and the state key itself. A
 * step that is a model error on one must be one, of the same code, on the other; the walk ends
 * there. Returns whether the walk ended on such an error.
 */
function walkTogether(ref: XstateSystem, comp: XstateSystem, choices: readonly number[], fingerprints = new Map<string, string>()): boolean {
  let a = ref.initialState();
  let b = comp.initialState();
  for (let i = 0; ; i++) {
    expect(comp.key(b), `state key at step ${i}`).to.equal(ref.key(a));
    // the compiled path's fingerprint is a function of the key
    const f = fingerprintOf(comp, b, { hi: 0, lo: 0 });
    const seen = fingerprints.get(comp.key(b));
    if (seen !== undefined) expect(`${f.hi}:${f.lo}`, `fingerprint of ${comp.key(b)}`).to.equal(seen);
    fingerprints.set(comp.key(b), `${f.hi}:${f.lo}`);
    const ra = outcome(() => ref.expand!(a));
    const rb = outcome(() => comp.expand!(b));
    expect(rb.error, `model error expanding ${ref.key(a)} at step ${i}`).to.equal(ra.error);
    if (ra.error) return true;
    const ea = ra.value!;
    const eb = rb.value!;
    expectIntoAsExpand(comp, b, eb, `at step ${i} in ${ref.key(a)}`);
    expectIntoAsExpand(ref, a, ea, `(the reference adapter, through expand) at step ${i} in ${ref.key(a)}`);
    expect(eb.events.map((e) => canonicalJson(e)), `enabled events at step ${i} in ${ref.key(a)}`).to.deep.equal(ea.events.map((e) => canonicalJson(e)));
    ea.states.forEach((s, j) => {
      const by = `by ${canonicalJson(ea.events[j])} at step ${i} from ${ref.key(a)}`;
      expect(comp.key(eb.states[j]!), `successor ${by}`).to.equal(ref.key(s));
      const took = (sys: XstateSystem, from: unknown, to: unknown) => sys.takenTransitions!(from as never, ea.events[j]!, to as never).map(refText).sort();
      expect(took(comp, b, eb.states[j]), `transitions taken ${by}`).to.deep.equal(took(ref, a, s));
    });
    // the frontier's encoding: the state read back has the same key, fingerprint and successors
    const q = new ValueQueue(new ValueDictionary());
    comp.codec!.write(b, q);
    const back = comp.codec!.read(q);
    expect(comp.key(back), `state read back from the frontier at step ${i}`).to.equal(comp.key(b));
    const g = fingerprintOf(comp, back, { hi: 0, lo: 0 });
    expect(`${g.hi}:${g.lo}`, `fingerprint of the state read back at step ${i}`).to.equal(`${f.hi}:${f.lo}`);
    expect(comp.expand!(back).states.map((x) => comp.key(x)), `successors of the state read back at step ${i}`).to.deep.equal(eb.states.map((x) => comp.key(x)));
    if (i === choices.length || ea.events.length === 0) return false;
    const j = choices[i]! % ea.events.length;
    a = ea.states[j]!;
    b = eb.states[j]!;
  }
}

const paths = fc.array(fc.nat(), { maxLength: 40 });

describe('compiled path against the reference adapter', () => {
  const shipped: [string, Model, Record<string, unknown>][] = [
    ['peterson', peterson, {}],
    ['counter 3 x 4', counter, { size: 4 }],
    ['philosophers 5', philosophers, { n: 5 }],
    ['fifo 2 producers x 3', fifo, { producers: 2, capacity: 3 }],
    ['filter 4', filter, { n: 4 }],
    ['broken mutex', brokenMutex, {}],
    ['lock order', lockOrder, {}],
    ['live-update mainline, mdev, hotplug, fork-exec', liveUpdate, { mdev: true, hotplug: true, handover: 'fork-exec' }],
    ['live-update v6.13, mixed, mdev without a device', liveUpdate, { variant: 'v6.13', memory: 'mixed', mdev: true, device: false }],
    ['live-update rfc-v1, different object, scm-rights', liveUpdate, { variant: 'rfc-v1', remap: 'different', mdev: true, handover: 'scm-rights' }],
    ['live-update type1 v5.12, mdev', liveUpdate, { backend: 'vfio-type1', variant: 'v5.12', mdev: true, handover: 'exec' }],
    ['live-update type1 v6.3, fork-exec', liveUpdate, { backend: 'vfio-type1', variant: 'v6.3', handover: 'fork-exec', mdev: true }],
    ['live-update accounting=mm, pages=2', liveUpdate, { accounting: 'mm', pages: 2, mdev: true }],
  ];
  for (const [name, model, params] of shipped) {
    it(`agrees on enabled events, successors and keys along random paths of ${name}`, () => {
      const { ref, comp } = both(model, params);
      const fingerprints = new Map<string, string>();
      fc.assert(fc.property(paths, (choices) => void walkTogether(ref, comp, choices, fingerprints)), { numRuns: 60 });
    });
  }

  it('agrees when a model hands every state the same candidate list, rewritten in place (a cached alphabet must not be trusted blindly)', () => {
    // One array for every call, its events rotated by the counters' sum: the compiled path keeps
    // per configuration the handlers of the first list it met, by position.
    const shared: { type: string }[] = [];
    const rotating = defineModel({
      ...counter,
      name: 'rotating-alphabet',
      events: (s) => {
        const ctx = (s as { context: Record<string, number> }).context;
        const sum = ctx.c0! + ctx.c1! + ctx.c2!;
        shared.length = 0;
        for (let i = 0; i < 4; i++) shared.push({ type: i === 3 ? 'NOBODY' : `c${(sum + i) % 3}.INC` });
        if (sum % 2 === 1) shared.reverse();
        return shared;
      },
    });
    const { ref, comp } = both(rotating, { size: 4 });
    fc.assert(fc.property(paths, (choices) => void walkTogether(ref, comp, choices)), { numRuns: 60 });
  });

  it('agrees on random statecharts: parallel regions, nested states, guards, self-loops, forbidden and always transitions, finals', () => {
    fc.assert(
      fc.property(chartArb, paths, (spec, choices) => {
        const { ref, comp } = both(chartModel(spec));
        walkTogether(ref, comp, choices);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on random statecharts of every construct: history, nested parallel, entry/exit, raise, enqueueActions, named and built-in guards, wildcards, cross-region and root targets, onDone, delays and invoked actors', () => {
    let errors = 0;
    fc.assert(
      fc.property(richChartArb, paths, (spec, choices) => {
        const { ref, comp } = both(richChartModel(spec));
        if (walkTogether(ref, comp, choices)) errors++;
      }),
      { numRuns: Number(process.env.LUCHECK_DIFF_RUNS ?? 600) },
    );
    // A walk ends early only where both engines refuse a step (xstate's own step leaving an
    // inconsistent configuration): rare, so nearly every walk compares its full length.
    expect(errors).to.be.below(30);
  });

  it('agrees on the same random statecharts when the model hands every state one frozen alphabet (the compiled path then offers only the events some active region has transitions for)', () => {
    const frozen = (m: ReturnType<typeof richChartModel>) => {
      const list = Object.freeze([...(m.events({} as never, {}) as { type: string }[])]);
      return defineModel({ ...m, events: () => list });
    };
    fc.assert(
      fc.property(chartArb, paths, (spec, choices) => {
        const { ref, comp } = both(frozen(chartModel(spec) as never));
        walkTogether(ref, comp, choices);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(richChartArb, paths, (spec, choices) => {
        const { ref, comp } = both(frozen(richChartModel(spec)));
        walkTogether(ref, comp, choices);
      }),
      { numRuns: 300 },
    );
  });
});

describe('compiled path configurations', () => {
  /** `regions` parallel regions of two states each, events toggling the regions `toggled`. */
  const toggles = (regions: number, toggled: readonly number[]) =>
    defineModel({
      name: 'toggles',
      machine: () =>
        createMachine({
          id: 'toggles',
          type: 'parallel',
          states: Object.fromEntries(
            Array.from({ length: regions }, (_, r) => [`r${r}`, { initial: 'off', states: { off: { on: { [`T${r}`]: 'on' } }, on: { on: { [`T${r}`]: 'off' } } } }]),
          ),
        } as never),
      events: () => toggled.map((r) => ({ type: `T${r}` })),
      isFinal: () => true,
      invariants: [],
    });

  for (const packedBits of [31, 0]) describe(`with only two flat configurations held at a time (each made again from its number whenever met), the places in a number ${packedBits > 0 ? 'as bit fields' : 'in mixed radix'}`, () => {
    let kept: number;
    let bits: number;
    before(() => {
      kept = ConfigurationTable.flatKept;
      bits = ConfigurationTable.packedBits;
      ConfigurationTable.flatKept = 2;
      ConfigurationTable.packedBits = packedBits;
    });
    after(() => {
      ConfigurationTable.flatKept = kept;
      ConfigurationTable.packedBits = bits;
    });

    it('agrees with the reference adapter on random statecharts of every construct', () => {
      fc.assert(
        fc.property(richChartArb, paths, (spec, choices) => {
          const { ref, comp } = both(richChartModel(spec));
          walkTogether(ref, comp, choices);
        }),
        { numRuns: 200 },
      );
    });

    for (const [name, model, params, states] of [
      ['philosophers 6', philosophers, { n: 6 }, 1902],
      ['filter 4', filter, { n: 4 }, 4752],
      ['counter 3 x 5', counter, { size: 5 }, 125],
    ] as const) {
      it(`finds the same ${states} states, transitions and coverage of ${name} as the reference adapter`, async () => {
        const [c, r] = await Promise.all([check(model, { params, engine: 'compiled' }), check(model, { params, engine: 'reference' })]);
        expect(c.engine).to.equal('compiled');
        expect([c.verdict, c.stats.distinct, c.stats.generated]).to.deep.equal(['pass', states, r.stats.generated]);
        expect(r.stats.distinct).to.equal(states);
        expect(c.coverage).to.deep.equal(r.coverage);
      });
    }
  });

  it('tells apart all 2^14 configurations of 14 two-state regions (one radix over all 28 leaves would pass 2^53 and merge them)', async () => {
    const r = await check(toggles(14, Array.from({ length: 14 }, (_, i) => i)), { engine: 'compiled', coverage: false });
    expect(r.stats.distinct).to.equal(2 ** 14);
  });

  it('tells apart the configurations of 60 regions, whose numbers in any radix would pass 2^53 (the leaves as text instead)', async () => {
    const r = await check(toggles(60, [0, 1, 58, 59]), { engine: 'compiled', coverage: false });
    expect(r.engine).to.equal('compiled');
    expect(r.stats.distinct).to.equal(16);
  });
});

describe('constructs the compiled path runs', () => {
  // Each of these was refused by the compiled path before it followed xstate's whole microstep.
  const cases: [string, object, { type: string }[]][] = [
    ['a history state', { initial: 'a', states: { a: { on: { GO: 'b' } }, b: { initial: 'x', on: { OUT: 'a' }, states: { x: { on: { NEXT: 'y' } }, y: {}, h: { type: 'history' } } } } }, [{ type: 'GO' }, { type: 'NEXT' }, { type: 'OUT' }]],
    ['a nested parallel state', { type: 'parallel', states: { r: { initial: 'p', states: { p: { type: 'parallel', states: { u: { initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } }, v: {} } } } } } }, [{ type: 'GO' }]],
    ['a delayed transition', { initial: 'a', states: { a: { after: { 1000: 'b' } }, b: {} } }, []],
    ['entry actions', { initial: 'a', context: { n: 0 }, states: { a: { on: { GO: 'b' } }, b: { entry: assign({ n: 1 }) } } }, [{ type: 'GO' }]],
    ['a wildcard descriptor', { initial: 'a', states: { a: { on: { '*': 'b' } }, b: {} } }, [{ type: 'GO' }]],
    ['a cross-region target', { type: 'parallel', states: { r: { initial: 'a', states: { a: { on: { GO: '#m.s.y' } } } }, s: { initial: 'x', states: { x: {}, y: {} } } } }, [{ type: 'GO' }]],
    ['an invoked actor', { initial: 'a', states: { a: { invoke: { src: 'svc', onDone: 'b', onError: 'c' } }, b: {}, c: {} } }, []],
    ['a context factory', { context: () => ({ n: 0 }), initial: 'a', states: { a: { on: { GO: { actions: assign({ n: 1 }) } } } } }, [{ type: 'GO' }]],
  ];
  for (const [what, config, events] of cases) {
    it(`runs ${what} on the compiled path, with the reference engine's states and transitions`, async () => {
      const machine = createMachine({ id: 'm', ...config } as never);
      const model = defineModel({ name: 'construct', machine: () => machine, events: () => events, isFinal: () => true, invariants: [] });
      const c = await check(model, { engine: 'compiled' });
      const r = await check(model, { engine: 'reference' });
      expect(c.engine).to.equal('compiled');
      expect(c.verdict).to.equal('pass');
      expect(c.stats.distinct).to.equal(r.stats.distinct).and.be.above(1);
      expect(c.stats.generated).to.equal(r.stats.generated);
      expect(c.coverage!.transitions.map((t) => t.fired)).to.deep.equal(r.coverage!.transitions.map((t) => t.fired));
    });
  }

  it('refuses, naming it, a built-in guard it does not know, and check() falls back to the reference adapter', async () => {
    // not one of and/or/not/stateIn: a guard with a check function of its own, which xstate calls
    const odd = Object.assign(() => false, { check: () => true });
    const machine = createMachine({ id: 'm', initial: 'a', states: { a: { on: { GO: { target: 'b', guard: odd as never } } }, b: {} } } as never);
    expect(() => compileMachine(machine)).to.throw(CompileRefusal, 'a built-in guard that is not and, or, not or stateIn');
    const model = defineModel({ name: 'refused', machine: () => machine, events: () => [{ type: 'GO' }], isFinal: () => true, invariants: [] });
    const r = await check(model);
    expect(r.engine).to.equal('reference');
    expect(r.stats.distinct).to.equal(2);
    expect(r.engineNote).to.contain('a built-in guard that is not and, or, not or stateIn').and.contain('ran on the reference adapter');
    await check(model, { engine: 'compiled' }).then(
      () => expect.fail('engine compiled must refuse'),
      (e: Error) => expect(e.message).to.contain('--engine reference'),
    );
  });

  it('runs the shipped models on the compiled path by default', async () => {
    for (const model of [peterson, counter, liveUpdate] as Model[]) {
      const r = await check(model, { params: model === counter ? { size: 3 } : {} });
      expect(r.engine, model.name).to.equal('compiled');
    }
  });
});
