// Random statecharts that use the constructs the compiled engine follows xstate on, for the
// differential test: a parallel or compound root; regions whose states may be compound (with
// a history state and a final child), parallel (two sub-regions that finish, with onDone),
// final, with entry and exit actions; transitions to siblings, into children, to history, to
// other regions (#id) and from the root ('.region.state'), reentering self-transitions;
// inline, named and parameterised guards, and/or/not/stateIn; inline and named (params) assign,
// raise, enqueueActions with check, actions that act only outside; wildcard and partial
// descriptors; always transitions; delayed transitions and invoked actors (the environment's).
// Raised events come only from external events' transitions, always transitions fire once per
// flag, and '*' transitions (which done events match too) have no target, so no macrostep loops
// forever (xstate would not stop).
import fc from 'fast-check';
import { and, assign, enqueueActions, fromPromise, log, not, or, raise, setup, stateIn } from 'xstate';
import { defineModel, type Model } from 'lucheck';

type G = { kind: 'lt'; c: number } | { kind: 'named'; c: number } | { kind: 'and' | 'or'; a: G; b: G } | { kind: 'not'; a: G } | { kind: 'in'; region: number; state: number };
type A = { kind: 'add'; d: number } | { kind: 'named'; d: number } | { kind: 'raise' } | { kind: 'enqueue'; d: number; c: number } | { kind: 'log' } | { kind: 'custom' };
type Target = { kind: 'sibling'; i: number } | { kind: 'child'; i: number; b: boolean } | { kind: 'history' } | { kind: 'cross'; region: number; i: number } | { kind: 'reenter' };

interface TSpec {
  from: number;
  event: string;
  target: Target | null;
  guard: G | null;
  actions: A[];
}
interface SSpec {
  kind: 'atomic' | 'final' | 'compound' | 'parallel';
  entry: A | null;
  exit: A | null;
  after: number | null; // target sibling
  invoke: { done: number | null; error: number | null } | null;
}
interface RSpec {
  states: SSpec[];
  history: 'shallow' | 'deep' | null;
  transitions: TSpec[];
  always: { from: number; c: number; to: number | null } | null;
}
export interface RichSpec {
  k: number;
  parallel: boolean;
  regions: RSpec[];
  root: { event: string; region: number; i: number; act: A | null }[];
}

const EXTERNAL = ['E.0', 'E.1', 'E.2', 'E.3'];
const DESCRIPTORS = [...EXTERNAL, 'R.0', '*', 'E.*'];

const guardArb = (k: number): fc.Arbitrary<G> =>
  fc.letrec<{ g: G }>((tie) => ({
    g: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ kind: fc.constant('lt' as const), c: fc.nat(k) }),
      fc.record({ kind: fc.constant('named' as const), c: fc.nat(k) }),
      fc.record({ kind: fc.constant('in' as const), region: fc.nat(2), state: fc.nat(3) }),
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), a: tie('g'), b: tie('g') }),
      fc.record({ kind: fc.constant('not' as const), a: tie('g') }),
    ),
  })).g;

const actArb = (k: number, raising: boolean): fc.Arbitrary<A> =>
  fc.oneof(
    fc.record({ kind: fc.constant('add' as const), d: fc.integer({ min: 1, max: k - 1 }) }),
    fc.record({ kind: fc.constant('named' as const), d: fc.integer({ min: 1, max: k - 1 }) }),
    fc.constant({ kind: 'log' as const }),
    fc.constant({ kind: 'custom' as const }),
    ...(raising ? [fc.constant({ kind: 'raise' as const }), fc.record({ kind: fc.constant('enqueue' as const), d: fc.integer({ min: 1, max: k - 1 }), c: fc.nat(k) })] : []),
  );

const targetArb = (states: number, regions: number): fc.Arbitrary<Target | null> =>
  fc.option(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('sibling' as const), i: fc.nat(states - 1) }) },
      fc.record({ kind: fc.constant('child' as const), i: fc.nat(states - 1), b: fc.boolean() }),
      fc.constant({ kind: 'history' as const }),
      fc.record({ kind: fc.constant('cross' as const), region: fc.nat(regions - 1), i: fc.nat(states - 1) }),
      fc.constant({ kind: 'reenter' as const }),
    ),
    { nil: null, freq: 4 },
  );

const stateArb = (states: number, k: number): fc.Arbitrary<SSpec> =>
  fc.record({
    kind: fc.constantFrom('atomic' as const, 'atomic' as const, 'final' as const, 'compound' as const, 'parallel' as const),
    entry: fc.option(actArb(k, false), { nil: null, freq: 2 }),
    exit: fc.option(actArb(k, false), { nil: null, freq: 2 }),
    after: fc.option(fc.nat(states - 1), { nil: null, freq: 4 }),
    invoke: fc.option(fc.record({ done: fc.option(fc.nat(states - 1), { nil: null }), error: fc.option(fc.nat(states - 1), { nil: null }) }), { nil: null, freq: 4 }),
  });

export const richChartArb: fc.Arbitrary<RichSpec> = fc.integer({ min: 2, max: 4 }).chain((k) =>
  fc.integer({ min: 1, max: 3 }).chain((regionCount) =>
    fc.record({
      k: fc.constant(k),
      parallel: fc.boolean(),
      regions: fc.array(
        fc.integer({ min: 2, max: 4 }).chain((states) =>
          fc.record({
            states: fc.array(stateArb(states, k), { minLength: states, maxLength: states }),
            history: fc.constantFrom(null, 'shallow' as const, 'deep' as const),
            transitions: fc.array(
              fc.record({
                from: fc.nat(states - 1),
                event: fc.constantFrom(...DESCRIPTORS),
                target: targetArb(states, regionCount),
                guard: fc.option(guardArb(k), { nil: null, freq: 3 }),
                actions: fc.array(actArb(k, true), { maxLength: 2 }),
              }),
              { minLength: 1, maxLength: 8 },
            ),
            always: fc.option(fc.record({ from: fc.nat(states - 1), c: fc.nat(k - 1), to: fc.option(fc.nat(states - 1), { nil: null }) }), { nil: null }),
          }),
        ),
        { minLength: regionCount, maxLength: regionCount },
      ),
      root: fc.array(fc.record({ event: fc.constantFrom(...EXTERNAL), region: fc.nat(regionCount - 1), i: fc.nat(3), act: fc.option(actArb(k, false), { nil: null }) }), { maxLength: 2 }),
    }),
  ),
);

type Ctx = Record<string, number | boolean>;

/** Builds the machine a spec describes, and its model (the external events as the alphabet). */
export function richChartModel(spec: RichSpec): Model {
  const k = spec.k;
  const add = (d: number) => assign(({ context }: { context: Ctx }) => ({ x: ((context.x as number) + d) % k }));
  const regionPath = (r: number) => (spec.parallel ? `#chart.r${r}` : '#chart');
  const guard = (g: G): unknown => {
    switch (g.kind) {
      case 'lt':
        return ({ context }: { context: Ctx }) => (context.x as number) < g.c;
      case 'named':
        return { type: 'below', params: { c: g.c } };
      case 'and':
        return and([guard(g.a) as never, guard(g.b) as never]);
      case 'or':
        return or([guard(g.a) as never, guard(g.b) as never]);
      case 'not':
        return not(guard(g.a) as never);
      case 'in': {
        const r = spec.parallel ? Math.min(g.region, spec.regions.length - 1) : 0;
        const s = Math.min(g.state, spec.regions[r]!.states.length - 1);
        return stateIn(`${regionPath(r)}.s${s}`);
      }
    }
  };
  const action = (a: A): unknown => {
    switch (a.kind) {
      case 'add':
        return add(a.d);
      case 'named':
        return { type: 'bump', params: { d: a.d } };
      case 'raise':
        return raise({ type: 'R.0' });
      case 'enqueue':
        return enqueueActions(({ enqueue, check }) => {
          if (check({ type: 'below', params: { c: a.c } })) enqueue.assign(({ context }: { context: Ctx }) => ({ x: ((context.x as number) + a.d) % k }));
          else enqueue.raise({ type: 'R.0' });
          enqueue('notify');
        });
      case 'log':
        return log('step');
      case 'custom':
        return 'notify';
    }
  };

  const buildRegion = (reg: RSpec, r: number) => {
    const n = reg.states.length;
    const states: Record<string, Record<string, unknown>> = {};
    reg.states.forEach((st, i) => {
      // the initial state is neither final nor parallel (so entering a region never completes it at once)
      const kind = i === 0 && (st.kind === 'final' || st.kind === 'parallel') ? 'atomic' : st.kind;
      const node: Record<string, unknown> = {};
      if (st.entry) node.entry = action(st.entry);
      if (st.exit) node.exit = action(st.exit);
      if (kind === 'final') node.type = 'final';
      if (kind === 'compound') {
        node.initial = 'a';
        node.states = { a: { on: { 'E.3': 'b' }, entry: add(1) }, b: { type: 'final' }, h: { type: 'history', history: 'deep' } };
        node.onDone = { target: `s${(i + 1) % n}`, actions: add(1) };
      }
      if (kind === 'parallel') {
        node.type = 'parallel';
        node.states = {
          u: { initial: 'm', states: { m: { on: { 'E.2': 'f' } }, f: { type: 'final' } } },
          v: { initial: 'm', states: { m: { on: { 'E.1': 'f' }, exit: add(1) }, f: { type: 'final' } } },
        };
        node.onDone = `s${(i + 1) % n}`;
      }
      if (kind !== 'final') {
        if (st.after !== null) node.after = { 1000: { target: `s${st.after}`, actions: add(1) } };
        if (st.invoke) node.invoke = { src: 'svc', onDone: st.invoke.done === null ? { actions: add(1) } : `s${st.invoke.done}`, ...(st.invoke.error === null ? {} : { onError: `s${st.invoke.error}` }) };
        node.on = {};
      }
      states[`s${i}`] = node;
    });
    if (reg.history) states.hist = { type: 'history', history: reg.history };
    for (const t of reg.transitions) {
      const from = states[`s${t.from}`]!;
      if (!from.on) continue;
      const def: Record<string, unknown> = {};
      const tg = t.target;
      if (tg?.kind === 'sibling') def.target = `s${tg.i}`;
      else if (tg?.kind === 'child') def.target = reg.states[tg.i]!.kind === 'compound' && tg.i !== 0 ? `s${tg.i}.${tg.b ? 'b' : 'a'}` : `s${tg.i}`;
      else if (tg?.kind === 'history') def.target = reg.history ? 'hist' : `s0`;
      else if (tg?.kind === 'cross') {
        const rr = spec.parallel ? Math.min(tg.region, spec.regions.length - 1) : 0;
        def.target = `${regionPath(rr)}.s${Math.min(tg.i, spec.regions[rr]!.states.length - 1)}`;
      } else if (tg?.kind === 'reenter') {
        def.target = `s${t.from}`;
        def.reenter = true;
      }
      // '*' also matches done events: with a target it could loop within one macrostep, so it has none
      if (t.event === '*') {
        delete def.target;
        delete def.reenter;
      }
      if (t.guard) def.guard = guard(t.guard);
      // raised events come only from the external events' own transitions
      const raising = EXTERNAL.includes(t.event);
      const acts = t.actions.filter((a) => raising || (a.kind !== 'raise' && a.kind !== 'enqueue')).map(action);
      if (acts.length) def.actions = acts;
      ((from.on as Record<string, unknown[]>)[t.event] ??= []).push(def);
    }
    if (reg.always) {
      const a = reg.always;
      const from = states[`s${a.from}`]!;
      if (from.on) {
        const flag = `f${r}`;
        from.always = { guard: ({ context }: { context: Ctx }) => !context[flag] && (context.x as number) >= a.c, actions: assign({ [flag]: true }), ...(a.to !== null ? { target: `s${a.to}` } : {}) };
      }
    }
    return { initial: 's0', states };
  };

  const context: Ctx = { x: 0 };
  spec.regions.forEach((_, r) => (context[`f${r}`] = false));
  const regions = spec.regions.map(buildRegion);
  const on: Record<string, unknown[]> = {};
  for (const h of spec.root) {
    const r = spec.parallel ? Math.min(h.region, spec.regions.length - 1) : 0;
    const target = spec.parallel ? `.r${r}.s${Math.min(h.i, spec.regions[r]!.states.length - 1)}` : `.s${Math.min(h.i, spec.regions[0]!.states.length - 1)}`;
    (on[h.event] ??= []).push({ target, ...(h.act ? { actions: action(h.act) } : {}) });
  }
  const config = spec.parallel
    ? { id: 'chart', type: 'parallel', context, on, states: Object.fromEntries(regions.map((reg, r) => [`r${r}`, reg])) }
    : { id: 'chart', context, ...regions[0]!, on };
  const machine = setup({
    types: {} as { context: Ctx; events: { type: string } },
    guards: { below: ({ context }: { context: Ctx }, p: { c: number }) => (context.x as number) < p.c },
    actions: { bump: assign(({ context }: { context: Ctx }, p: { d: number }) => ({ x: ((context.x as number) + p.d) % k })) },
    actors: { svc: fromPromise(async () => 1) },
  }).createMachine(config as never);
  const events = [...EXTERNAL, 'R.0'].map((type) => ({ type }));
  return defineModel({ name: 'rich-chart', machine: () => machine, events: () => events, isFinal: () => true, invariants: [] });
}
