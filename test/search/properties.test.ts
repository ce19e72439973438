import { expect } from 'chai';
import fc from 'fast-check';
import { assign, setup, type EventObject } from 'xstate';
import { check, createXstateSystem, defineModel, type AnySnapshot, type Invariant, type Model, type XstateSystem } from 'lucheck';
import { expectVerdict } from '../support/expectVerdict.ts';

// ---------------------------------------------------------------------------------------------
// A random machine, as plain data
// ---------------------------------------------------------------------------------------------

type Guard = null | { kind: 'lt'; c: number } | { kind: 'even' };
interface Transition {
  from: number;
  event: number;
  /** A state index, or null: a targetless transition that only assigns. */
  to: number | null;
  guard: Guard;
  add: number;
}
interface Spec {
  nStates: number;
  /** The context counter x lives in 0..k-1. */
  k: number;
  /** At most 2 per (from, event), taken in array order: the first whose guard passes. */
  transitions: Transition[];
}

const EVENT_TYPES = ['E0', 'E1', 'E2', 'E3'] as const;
const ALL_EVENTS: readonly EventObject[] = EVENT_TYPES.map((type) => ({ type }));

function atMostTwoPerPair(ts: readonly Transition[]): Transition[] {
  const count = new Map<string, number>();
  return ts.filter((t) => {
    const k = `${t.from}:${t.event}`;
    const n = count.get(k) ?? 0;
    count.set(k, n + 1);
    return n < 2;
  });
}

const guardArb = (k: number): fc.Arbitrary<Guard> =>
  fc.oneof(
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('lt' as const), c: fc.integer({ min: 0, max: k }) }), weight: 2 },
    { arbitrary: fc.constant({ kind: 'even' as const }), weight: 1 },
  );

/**
 * nStates in 2..6, k in 2..5, and for every (from, event) pair 0, 1 or 2 transitions (so that
 * most machines have a reachable part worth searching, up to 30 states).
 */
const specArb: fc.Arbitrary<Spec> = fc
  .record({ nStates: fc.integer({ min: 2, max: 6 }), k: fc.integer({ min: 2, max: 5 }) })
  .chain(({ nStates, k }) => {
    const transition = (from: number, event: number): fc.Arbitrary<Transition> =>
      fc.record({
        from: fc.constant(from),
        event: fc.constant(event),
        to: fc.option(fc.nat({ max: nStates - 1 }), { nil: null, freq: 4 }),
        guard: guardArb(k),
        add: fc.nat({ max: k - 1 }),
      });
    const perPair: fc.Arbitrary<Transition[]>[] = [];
    for (let from = 0; from < nStates; from++) {
      for (let event = 0; event < EVENT_TYPES.length; event++) {
        perPair.push(
          fc.oneof(
            { arbitrary: fc.constant<Transition[]>([]), weight: 2 },
            { arbitrary: fc.array(transition(from, event), { minLength: 1, maxLength: 2 }), weight: 3 },
          ),
        );
      }
    }
    return fc.tuple(...perPair).map((lists) => ({ nStates, k, transitions: atMostTwoPerPair(lists.flat()) }));
  });

/** A hand-made spec with every kind of edge the properties care about. */
const HAND_MADE: Spec = {
  nStates: 3,
  k: 4,
  transitions: [
    { from: 0, event: 0, to: 0, guard: null, add: 0 }, // a pure self-loop: no action, target = itself
    { from: 0, event: 1, to: 1, guard: { kind: 'lt', c: 0 }, add: 1 }, // never enabled
    { from: 0, event: 1, to: 2, guard: { kind: 'even' }, add: 0 }, // ... blocked when x is odd
    { from: 0, event: 2, to: null, guard: { kind: 'lt', c: 3 }, add: 1 }, // assign only, x < 3
    { from: 1, event: 3, to: 0, guard: { kind: 'even' }, add: 3 },
    { from: 1, event: 3, to: 2, guard: null, add: 2 }, // the fallback when x is odd
    { from: 2, event: 0, to: 1, guard: { kind: 'lt', c: 2 }, add: 0 },
    { from: 2, event: 0, to: 2, guard: null, add: 1 }, // a guarded-out first choice, then a self-loop
  ],
};

// ---------------------------------------------------------------------------------------------
// (a) the spec as a real xstate v5 machine, wrapped as a lucheck model
// ---------------------------------------------------------------------------------------------

type Ctx = { x: number };

function guardFn(g: Exclude<Guard, null>): (args: { context: Ctx }) => boolean {
  return g.kind === 'lt' ? ({ context }) => context.x < g.c : ({ context }) => context.x % 2 === 0;
}

function buildMachine(spec: Spec) {
  const states: Record<string, { on: Record<string, object[]> }> = {};
  for (let i = 0; i < spec.nStates; i++) states[`s${i}`] = { on: {} };
  for (const t of spec.transitions) {
    const config: Record<string, unknown> = {};
    if (t.to !== null) config.target = `s${t.to}`;
    if (t.guard) config.guard = guardFn(t.guard);
    // a targeted transition with add = 0 gets no action at all; a targetless one always assigns
    if (t.to === null || t.add !== 0) config.actions = assign({ x: ({ context }: { context: Ctx }) => (context.x + t.add) % spec.k });
    (states[`s${t.from}`]!.on[EVENT_TYPES[t.event]!] ??= []).push(config);
  }
  return setup({ types: {} as { context: Ctx; events: { type: (typeof EVENT_TYPES)[number] } } }).createMachine({
    id: 'random',
    initial: 's0',
    context: { x: 0 },
    states,
  } as never);
}

function modelOf(spec: Spec, invariants: Invariant[] = []): Model {
  return defineModel({
    name: 'random',
    machine: () => buildMachine(spec),
    events: () => ALL_EVENTS,
    invariants,
    isFinal: () => true,
  });
}

const snapKey = (s: AnySnapshot): string => `${s.value as string}:${(s.context as Ctx).x}`;

// ---------------------------------------------------------------------------------------------
// (b) an independent reference interpreter of the spec (no xstate)
// ---------------------------------------------------------------------------------------------

type RefState = readonly [state: number, x: number];
const refKey = ([s, x]: RefState): string => `s${s}:${x}`;

function passes(g: Guard, x: number): boolean {
  if (g === null) return true;
  return g.kind === 'lt' ? x < g.c : x % 2 === 0;
}

/** The transition taken by `event` in `[s, x]`, or undefined when the event is not enabled. */
function chosen(spec: Spec, [s, x]: RefState, event: number): Transition | undefined {
  return spec.transitions.find((t) => t.from === s && t.event === event && passes(t.guard, x));
}

function refStep(spec: Spec, from: RefState, event: number): RefState | undefined {
  const t = chosen(spec, from, event);
  return t && [t.to ?? from[0], (from[1] + t.add) % spec.k];
}

function refEnabled(spec: Spec, from: RefState): string[] {
  return EVENT_TYPES.filter((_, e) => refStep(spec, from, e) !== undefined);
}

/** Naive closure by BFS over (state, x): every reachable state with its BFS distance. */
function closure(spec: Spec): { states: RefState[]; dist: Map<string, number> } {
  const init: RefState = [0, 0];
  const dist = new Map<string, number>([[refKey(init), 0]]);
  const seen = new Set<string>([refKey(init)]);
  const states: RefState[] = [init];
  for (let i = 0; i < states.length; i++) {
    const cur = states[i]!;
    for (let e = 0; e < EVENT_TYPES.length; e++) {
      const next = refStep(spec, cur, e);
      if (next && !seen.has(refKey(next))) {
        seen.add(refKey(next));
        dist.set(refKey(next), dist.get(refKey(cur))! + 1);
        states.push(next);
      }
    }
  }
  return { states, dist };
}

/**
 * Our own walk of the xstate system: every reachable snapshot, once per engine key. Checks on
 * the way that each xstate step lands where the reference step does.
 */
function walk(spec: Spec, system: XstateSystem): Map<string, AnySnapshot> {
  const byKey = new Map<string, AnySnapshot>();
  const byRefKey = new Map<string, AnySnapshot>();
  const queue = [system.initialState()];
  byKey.set(system.key(queue[0]!), queue[0]!);
  byRefKey.set(snapKey(queue[0]!), queue[0]!);
  while (queue.length > 0) {
    const snap = queue.shift()!;
    const here: RefState = [Number((snap.value as string).slice(1)), (snap.context as Ctx).x];
    for (const event of system.enabledEvents(snap)) {
      const next = system.next(snap, event);
      const expected = refStep(spec, here, EVENT_TYPES.indexOf(event.type as never));
      expect(expected, `${event.type} is enabled by xstate in ${refKey(here)}`).to.not.equal(undefined);
      expect(snapKey(next), `${event.type} from ${refKey(here)}`).to.equal(refKey(expected!));
      const k = system.key(next);
      if (!byKey.has(k)) {
        byKey.set(k, next);
        byRefKey.set(snapKey(next), next);
        queue.push(next);
      }
    }
  }
  // the engine key and `${value}:${x}` identify the same states
  expect(byRefKey.size).to.equal(byKey.size);
  return byRefKey;
}

/** Replays a trace's events through the reference; every step must be legal and land on the trace's state. */
function replayTrace(spec: Spec, trace: readonly { event: EventObject | null; state: string; changes: readonly string[] }[]): RefState {
  expect(trace[0]!.event).to.equal(null);
  expect(trace[0]!.state).to.equal('s0');
  let cur: RefState = [0, 0];
  for (let i = 1; i < trace.length; i++) {
    const step = trace[i]!;
    const e = EVENT_TYPES.indexOf(step.event!.type as never);
    expect(e, `event of step ${i}`).to.be.at.least(0);
    const next = refStep(spec, cur, e);
    expect(next, `step ${i}: ${step.event!.type} is not enabled in ${refKey(cur)}`).to.not.equal(undefined);
    expect(step.state, `state after step ${i}`).to.equal(`s${next![0]}`);
    expect(step.changes, `context change of step ${i}`).to.deep.equal(next![1] === cur[1] ? [] : [`x: ${cur[1]}→${next![1]}`]);
    cur = next!;
  }
  return cur;
}

function reachInvariant([ts, tx]: RefState): Invariant {
  return {
    id: 'NOT-TARGET',
    title: 'the target state is never reached',
    description: 'violated exactly in one reachable (state, x)',
    check: (s) => (s.value === `s${ts}` && (s.context as Ctx).x === tx ? `reached ${snapKey(s)}` : true),
  };
}

const withTarget = fc.tuple(specArb, fc.nat()).map(([spec, n]) => {
  const { states } = closure(spec);
  return { spec, target: states[n % states.length]! };
});

// ---------------------------------------------------------------------------------------------

describe('bfs on random machines', () => {
  it('reaches exactly the states of the reference closure (BFS and DFS counts, and the set of keys)', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const ref = closure(spec);
        const model = modelOf(spec);
        const bfs = await check(model);
        expectVerdict(bfs, 'pass');
        expect(bfs.stats.distinct, 'BFS distinct').to.equal(ref.states.length);
        const dfs = await check(model, { strategy: 'dfs' });
        expectVerdict(dfs, 'pass');
        expect(dfs.stats.distinct, 'DFS distinct').to.equal(ref.states.length);
        const reached = walk(spec, createXstateSystem(model, {}));
        expect([...reached.keys()].sort()).to.deep.equal(ref.states.map(refKey).sort());
      }),
      { numRuns: 200, examples: [[HAND_MADE]] },
    );
  });

  it('reports a shortest counterexample: trace length - 1 is the BFS distance, ending in the target by legal steps', async () => {
    await fc.assert(
      fc.asyncProperty(withTarget, async ({ spec, target }) => {
        const { dist } = closure(spec);
        const r = await check(modelOf(spec, [reachInvariant(target)]));
        expectVerdict(r, 'violation');
        const v = r.violations[0]!;
        expect(v.id).to.equal('NOT-TARGET');
        expect(v.message).to.equal(`reached ${refKey(target)}`);
        expect(v.trace.length - 1, `length of the trace to ${refKey(target)}`).to.equal(dist.get(refKey(target)));
        expect(v.trace.at(-1)!.state).to.equal(`s${target[0]}`);
        expect(refKey(replayTrace(spec, v.trace))).to.equal(refKey(target));
      }),
      { numRuns: 200, examples: [[{ spec: HAND_MADE, target: [2, 3] }]] },
    );
  });

  it('reports, depth-first, a legal (not necessarily shortest) counterexample ending in the target', async () => {
    await fc.assert(
      fc.asyncProperty(withTarget, async ({ spec, target }) => {
        const { dist } = closure(spec);
        const r = await check(modelOf(spec, [reachInvariant(target)]), { strategy: 'dfs' });
        expectVerdict(r, 'violation');
        const trace = r.violations[0]!.trace;
        expect(trace.length - 1).to.be.at.least(dist.get(refKey(target))!);
        expect(refKey(replayTrace(spec, trace))).to.equal(refKey(target));
      }),
      { numRuns: 100 },
    );
  });

  it('drops guard-blocked events and keeps self-loops in enabledEvents, matching the reference in every reachable state', async () => {
    let blocked = 0;
    let selfLoops = 0;
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const system = createXstateSystem(modelOf(spec), {});
        for (const [key, snap] of walk(spec, system)) {
          const here: RefState = [Number((snap.value as string).slice(1)), (snap.context as Ctx).x];
          const enabled = system.enabledEvents(snap).map((e) => e.type);
          for (let e = 0; e < EVENT_TYPES.length; e++) {
            const candidates = spec.transitions.filter((t) => t.from === here[0] && t.event === e);
            if (candidates.length > 0 && candidates.every((t) => !passes(t.guard, here[1]))) {
              blocked++;
              expect(enabled, `${EVENT_TYPES[e]} is guard-blocked in ${key}`).to.not.include(EVENT_TYPES[e]);
            }
            if (chosen(spec, here, e)?.to === here[0]) {
              selfLoops++;
              expect(enabled, `${EVENT_TYPES[e]} is a self-loop in ${key}`).to.include(EVENT_TYPES[e]);
            }
          }
          expect(enabled, `enabled events in ${key}`).to.deep.equal(refEnabled(spec, here));
        }
      }),
      { numRuns: 200, examples: [[HAND_MADE]] },
    );
    // the generator must actually produce both cases, or the property above says nothing
    expect(blocked).to.be.greaterThan(50);
    expect(selfLoops).to.be.greaterThan(50);
  });
});
