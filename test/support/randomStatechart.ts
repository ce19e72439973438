// Random statecharts for differential tests: a parallel root (1 to 3 regions) or a compound
// root, regions of 2 to 4 states with an optional nested compound state, guarded, targetless,
// self-loop and forbidden transitions, object- and function-form assign, root-level handlers,
// `always` transitions that fire at most once per region flag, and final states.
import fc from 'fast-check';
import { assign, setup } from 'xstate';
import { defineModel, type Model } from 'lucheck';

export interface TSpec {
  from: number; // state index within the region (the nested child is index `states`)
  event: number;
  to: number | null; // null: targetless
  guard: null | { kind: 'lt' | 'eq'; c: number };
  act: null | { kind: 'add'; d: number } | { kind: 'addProp'; d: number } | { kind: 'set'; v: number } | { kind: 'extraKey'; d: number } | { kind: 'forbidden' };
}

export interface RegionSpec {
  states: number;
  nested: boolean; // state 0 is compound with children a/b, 'b' reachable by event 3
  finalState: boolean; // the last state is final
  transitions: TSpec[];
  always: null | { from: number; c: number; to: number | null };
}

export interface ChartSpec {
  parallel: boolean;
  k: number;
  regions: RegionSpec[];
  rootHandler: boolean;
}

const EVENTS = [0, 1, 2, 3].map((i) => ({ type: `E${i}` }));

const tspec = (states: number, k: number): fc.Arbitrary<TSpec> =>
  fc.record({
    from: fc.nat(states - 1),
    event: fc.nat(3),
    to: fc.option(fc.nat(states - 1), { nil: null }),
    guard: fc.option(fc.record({ kind: fc.constantFrom('lt' as const, 'eq' as const), c: fc.nat(k - 1) }), { nil: null }),
    act: fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('add' as const), d: fc.integer({ min: 1, max: k - 1 }) }),
        fc.record({ kind: fc.constant('addProp' as const), d: fc.integer({ min: 1, max: k - 1 }) }),
        fc.record({ kind: fc.constant('set' as const), v: fc.nat(k - 1) }),
        fc.record({ kind: fc.constant('extraKey' as const), d: fc.integer({ min: 1, max: k - 1 }) }),
        fc.constant({ kind: 'forbidden' as const }),
      ),
      { nil: null },
    ),
  });

export const chartArb: fc.Arbitrary<ChartSpec> = fc.integer({ min: 2, max: 4 }).chain((k) =>
  fc.record({
    parallel: fc.boolean(),
    k: fc.constant(k),
    rootHandler: fc.boolean(),
    regions: fc.array(
      fc.integer({ min: 2, max: 4 }).chain((states) =>
        fc.record({
          states: fc.constant(states),
          nested: fc.boolean(),
          finalState: fc.boolean(),
          transitions: fc.array(tspec(states, k), { minLength: 1, maxLength: 8 }),
          always: fc.option(fc.record({ from: fc.nat(states - 1), c: fc.nat(k - 1), to: fc.option(fc.nat(states - 1), { nil: null }) }), { nil: null }),
        }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

type Ctx = Record<string, number | boolean>;

function buildRegion(spec: RegionSpec, r: number, k: number) {
  const name = (i: number) => `s${i}`;
  const states: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < spec.states; i++) {
    const last = i === spec.states - 1;
    states[name(i)] = spec.finalState && last && i !== 0 ? { type: 'final' } : { on: {} as Record<string, unknown[]> };
  }
  if (spec.nested && states.s0!.type !== 'final') {
    states.s0 = { initial: 'a', on: {}, states: { a: { on: { E3: { target: 'b' } } }, b: {} } };
  }
  for (const t of spec.transitions) {
    const from = states[name(t.from)]!;
    if (from.type === 'final') continue;
    const on = from.on as Record<string, unknown[]>;
    const list = (on[`E${t.event}`] ??= []);
    const def: Record<string, unknown> = {};
    if (t.to !== null) def.target = name(t.to);
    if (t.guard) {
      const g = t.guard;
      def.guard = g.kind === 'lt' ? ({ context }: { context: Ctx }) => (context.x as number) < g.c : ({ context }: { context: Ctx }) => context.x === g.c;
    }
    if (t.act?.kind === 'add') {
      const d = t.act.d;
      def.actions = assign(({ context }: { context: Ctx }) => ({ x: ((context.x as number) + d) % k }));
    } else if (t.act?.kind === 'addProp') {
      const d = t.act.d; // the property-assigner form with a function value
      def.actions = assign({ x: ({ context }: { context: Ctx }) => ((context.x as number) + d) % k });
    } else if (t.act?.kind === 'set') {
      def.actions = assign({ x: t.act.v });
    } else if (t.act?.kind === 'extraKey') {
      const d = t.act.d; // the property form on a key the initial context lacks: the context changes shape
      def.actions = assign({ x: ({ context }: { context: Ctx }) => ((context.x as number) + d) % k, y: d });
    } else if (t.act?.kind === 'forbidden') {
      delete def.target; // neither target nor actions: xstate's "forbidden" transition
    }
    list.push(def);
  }
  if (spec.always) {
    const a = spec.always;
    const from = states[name(a.from)]!;
    if (from.type !== 'final') {
      const flag = `f${r}`;
      from.always = {
        guard: ({ context }: { context: Ctx }) => !context[flag] && (context.x as number) >= a.c,
        actions: assign({ [flag]: true }),
        ...(a.to !== null ? { target: name(a.to) } : {}),
      };
    }
  }
  return { initial: 's0', states };
}

export function chartModel(spec: ChartSpec): Model {
  const context: Ctx = { x: 0 };
  spec.regions.forEach((_, r) => (context[`f${r}`] = false));
  const regions = spec.regions.map((reg, r) => buildRegion(reg, r, spec.k));
  const rootOn = spec.rootHandler ? { E2: { actions: assign(({ context }: { context: Ctx }) => ({ x: ((context.x as number) + 1) % spec.k })) } } : {};
  const config = spec.parallel
    ? { id: 'chart', type: 'parallel', context, on: rootOn, states: Object.fromEntries(regions.map((reg, r) => [`r${r}`, reg])) }
    : { id: 'chart', context, ...regions[0]!, on: rootOn };
  const machine = setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine(config as never);
  return defineModel({ name: 'random-chart', machine: () => machine, events: () => EVENTS, isFinal: () => true, invariants: [] });
}
