import { expect } from 'chai';
import { assign, setup } from 'xstate';
import { check, defineModel } from 'lucheck';
import counter from '../../examples/counter.ts';
import { formatText } from '../../src/report/formatText.ts';

type Ctx = { n: number; armed: boolean };

/**
 * A chart with one transition no run can take (its guard needs n > 5, n never passes 2), hence
 * one state never reached, and an always transition that fires after every TICK to 2.
 */
const gated = defineModel({
  name: 'gated',
  machine: () =>
    setup({ types: {} as { context: Ctx; events: { type: 'TICK' } | { type: 'OPEN' } } }).createMachine({
      id: 'gated',
      initial: 'idle',
      context: { n: 0, armed: false },
      states: {
        idle: {
          always: { guard: ({ context }) => context.n === 2 && !context.armed, target: 'armed', actions: assign({ armed: true }) },
          on: {
            TICK: { guard: ({ context }) => context.n < 2, actions: assign({ n: ({ context }) => context.n + 1 }) },
            OPEN: { guard: ({ context }) => context.n > 5, target: 'open' },
          },
        },
        armed: { on: { TICK: { target: 'idle', actions: assign({ n: 0, armed: false }) } } },
        open: { type: 'final' },
      },
    }),
  events: () => [{ type: 'TICK' }, { type: 'OPEN' }],
  invariants: [],
});

describe('coverage', () => {
  it('counts every event and transition of the counter: each INC fires once per state, all but the initial state are new', async () => {
    const r = await check(counter, { params: { regions: 3, size: 4 } });
    expect(r.verdict).to.equal('pass');
    const c = r.coverage!;
    expect(c.complete).to.equal(true);
    expect(c.events.map((e) => [e.type, e.fired])).to.deep.equal([['c0.INC', 64], ['c1.INC', 64], ['c2.INC', 64]]);
    expect(c.events.reduce((n, e) => n + e.newStates, 0)).to.equal(63);
    expect(c.transitions).to.have.length(3);
    expect(c.transitions.every((t) => t.fired === 64)).to.equal(true);
    expect(c.unreachedStates).to.deep.equal([]);
    expect(c.stateCount).to.equal(7); // root, 3 regions, 3 leaves
  });

  for (const engine of ['compiled', 'reference'] as const) {
    it(`lists the transition no run can take and the state it leads to (${engine} engine)`, async () => {
      const r = await check(gated, { engine });
      expect(r.engine).to.equal(engine);
      const c = r.coverage!;
      const open = c.transitions.find((t) => t.event === 'OPEN')!;
      expect(open).to.include({ source: 'gated.idle', fired: 0, newStates: 0 });
      expect(open.label).to.match(/OPEN \[.*\] → open/);
      expect(c.unreachedStates).to.deep.equal(['gated.open']);
      const tick = c.transitions.find((t) => t.source === 'gated.idle' && t.event === 'TICK')!;
      expect(tick.fired).to.equal(2); // from n = 0 and n = 1
      const always = c.transitions.find((t) => t.event === '')!;
      // both engines see the always transition settle after the second TICK (the reference one through xstate's microsteps)
      expect(always.fired).to.equal(1);
      const text = formatText(r, 'lucheck check gated');
      expect(text).to.match(/never fired: .*gated\.idle: OPEN \[/).and.contain('never reached: gated.open');
    });
  }

  it('says the figures cover only the explored part when the search stops early, and is absent when turned off', async () => {
    const early = await check(counter, { params: { regions: 3, size: 4 }, maxStates: 10 });
    expect(early.verdict).to.equal('incomplete');
    expect(early.coverage!.complete).to.equal(false);
    expect(formatText(early, 'x')).to.contain('coverage (in the part explored before the search stopped)').and.not.contain('never fired');
    const off = await check(counter, { params: { regions: 3, size: 4 }, coverage: false });
    expect(off.coverage).to.equal(undefined);
  });
});
