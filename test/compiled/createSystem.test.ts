import { expect } from 'chai';
import { assign, setup } from 'xstate';
import { createSystem, defineModel } from 'lucheck';

// A counter 0..3 whose symmetry keeps only the parity of n.
const machine = setup({ types: {} as { context: { n: number }; events: { type: 'INC' } } }).createMachine({
  context: { n: 0 },
  initial: 'run',
  states: { run: { on: { INC: { actions: assign(({ context }) => ({ n: (context.n + 1) % 4 })) } } } },
});
const parity = defineModel({ name: 'parity', machine: () => machine, events: () => [{ type: 'INC' }], symmetry: (s) => ({ parity: s.context.n % 2 }) });

describe('createSystem', () => {
  it('takes a boolean fourth argument as the symmetry flag, as before the reductions were an object', () => {
    for (const engine of ['compiled', 'reference'] as const) {
      const keyOf = (asked: boolean | { symmetry?: boolean }) => {
        const { system } = createSystem(parity, {}, engine, asked);
        return system.key(system.initialState());
      };
      expect(keyOf(true)).to.equal(keyOf({ symmetry: true })).and.equal('{"parity":0}');
      expect(keyOf(false)).to.equal(keyOf({})).and.not.equal('{"parity":0}');
    }
  });
});
