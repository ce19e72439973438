import { expect } from 'chai';
import fc from 'fast-check';
import { createMachine } from 'xstate';
import { canonicalJson, check, createXstateSystem, defineModel, resolveModelParams, type Model, type XstateSystem } from 'lucheck';
import { CompileRefusal, compileMachine } from '../../src/compiled/compileMachine.ts';
import { fingerprintOf } from '../../src/search/successor.ts';
import { createCompiledSystem } from '../../src/compiled/compiledSystem.ts';
import { chartArb, chartModel } from '../support/randomStatechart.ts';
import { ValueQueue } from '../../src/store/ValueQueue.ts';
import { ValueDictionary } from '../../src/store/ValueDictionary.ts';
import counter from '../../examples/counter.ts';
import peterson from '../../examples/peterson.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';
import liveUpdate from '../../machines/liveUpdate.ts';

function both(model: Model, given: Record<string, unknown> = {}): { ref: XstateSystem; comp: XstateSystem } {
  const params = resolveModelParams(model, given);
  const ref = createXstateSystem(model, params);
  return { ref, comp: createCompiledSystem(model, params, compileMachine(ref.machine)) };
}

/**
 * Walks both systems along the same random path, comparing at every state the enabled events
 * (payloads included, in order), the key of every successor, and the state key itself.
 */
function walkTogether(ref: XstateSystem, comp: XstateSystem, choices: readonly number[], fingerprints = new Map<string, string>()): void {
  let a = ref.initialState();
  let b = comp.initialState();
  for (let i = 0; ; i++) {
    expect(comp.key(b), `state key at step ${i}`).to.equal(ref.key(a));
    // the compiled path's fingerprint is a function of the key
    const f = fingerprintOf(comp, b, { hi: 0, lo: 0 });
    const seen = fingerprints.get(comp.key(b));
    if (seen !== undefined) expect(`${f.hi}:${f.lo}`, `fingerprint of ${comp.key(b)}`).to.equal(seen);
    fingerprints.set(comp.key(b), `${f.hi}:${f.lo}`);
    const ea = ref.expand!(a);
    const eb = comp.expand!(b);
    expect(eb.events.map((e) => canonicalJson(e)), `enabled events at step ${i} in ${ref.key(a)}`).to.deep.equal(ea.events.map((e) => canonicalJson(e)));
    ea.states.forEach((s, j) => expect(comp.key(eb.states[j]!), `successor by ${canonicalJson(ea.events[j])} at step ${i}`).to.equal(ref.key(s)));
    // the frontier's encoding: the state read back has the same key, fingerprint and successors
    const q = new ValueQueue(new ValueDictionary());
    comp.codec!.write(b, q);
    const back = comp.codec!.read(q);
    expect(comp.key(back), `state read back from the frontier at step ${i}`).to.equal(comp.key(b));
    const g = fingerprintOf(comp, back, { hi: 0, lo: 0 });
    expect(`${g.hi}:${g.lo}`, `fingerprint of the state read back at step ${i}`).to.equal(`${f.hi}:${f.lo}`);
    expect(comp.expand!(back).states.map((x) => comp.key(x)), `successors of the state read back at step ${i}`).to.deep.equal(eb.states.map((x) => comp.key(x)));
    if (i === choices.length || ea.events.length === 0) return;
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
      fc.assert(fc.property(paths, (choices) => walkTogether(ref, comp, choices, fingerprints)), { numRuns: 60 });
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
    fc.assert(fc.property(paths, (choices) => walkTogether(ref, comp, choices)), { numRuns: 60 });
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

describe('compileMachine refusals', () => {
  const cases: [string, object, string][] = [
    ['a history state', { initial: 'a', states: { a: { on: { GO: 'b' } }, b: { initial: 'x', states: { x: {}, h: { type: 'history' } } } } }, "the history state 'm.b.h'"],
    ['a nested parallel state', { type: 'parallel', states: { r: { initial: 'p', states: { p: { type: 'parallel', states: { u: {}, v: {} } } } } } }, "the nested parallel state 'm.r.p'"],
    ['a delayed transition', { initial: 'a', states: { a: { after: { 1000: 'b' } }, b: {} } }, "a delayed (after) transition in state 'm.a'"],
    ['entry actions', { initial: 'a', states: { a: { entry: 'log' }, b: {} } }, "entry/exit actions in state 'm.a'"],
    ['a wildcard descriptor', { initial: 'a', states: { a: { on: { '*': 'b' } }, b: {} } }, "the wildcard event descriptor '*' in state 'm.a'"],
    ['a cross-region target', { type: 'parallel', states: { r: { initial: 'a', states: { a: { on: { GO: '#m.s.y' } } } }, s: { initial: 'x', states: { x: {}, y: {} } } } }, "a transition from 'm.r.a' to 'm.s.y' in another region"],
    ['an invoked actor', { initial: 'a', states: { a: { invoke: { src: 'svc' } } } }, "invoke in state 'm.a'"],
    ['a context factory', { context: () => ({ n: 0 }), initial: 'a', states: { a: {} } }, 'a context factory'],
  ];
  for (const [what, config, construct] of cases) {
    it(`refuses ${what}, naming it, and check() falls back to the reference adapter`, async () => {
      const machine = createMachine({ id: 'm', ...config } as never);
      expect(() => compileMachine(machine)).to.throw(CompileRefusal, construct);
      const model = defineModel({ name: 'refused', machine: () => machine, events: () => [{ type: 'GO' }], isFinal: () => true, invariants: [] });
      const r = await check(model, { maxStates: 50 });
      expect(r.engine).to.equal('reference');
      expect(r.engineNote).to.contain(construct).and.contain('ran on the reference adapter');
      await check(model, { engine: 'compiled' }).then(
        () => expect.fail('engine compiled must refuse'),
        (e: Error) => expect(e.message).to.contain(construct).and.contain('--engine reference'),
      );
    });
  }

  it('runs the shipped models on the compiled path by default', async () => {
    for (const model of [peterson, counter, liveUpdate] as Model[]) {
      const r = await check(model, { params: model === counter ? { size: 3 } : {} });
      expect(r.engine, model.name).to.equal('compiled');
    }
  });
});
