import { assign, setup } from 'xstate';
import { defineModel, type ModelDefinition } from 'lucheck';

type Ctx = { n: number; log: { last: string; calls: number }; note: string };

/**
 * A counter 0..3 that records, in `log.last`, which of two events stepped it last, and in
 * `note` a text nothing reads. `log.calls` counts the steps and is read: the guards stop at 5,
 * and `isFinal` is 5 calls; the invariant reads `n`. `declared` is what the model claims is
 * auxiliary, rightly or not; `more` replaces parts of the model.
 */
export function recorder(declared: ModelDefinition['auxiliary'] = () => ['log.last', 'note'], more: Partial<ModelDefinition> = {}): ModelDefinition {
  const machine = setup({ types: {} as { context: Ctx; events: { type: 'A' | 'B' } } }).createMachine({
    id: 'recorder',
    context: { n: 0, log: { last: '', calls: 0 }, note: '' },
    initial: 'run',
    states: { run: {} },
    on: {
      A: { guard: ({ context }) => context.log.calls < 5, actions: assign(({ context }) => ({ n: (context.n + 1) % 4, log: { last: 'A', calls: context.log.calls + 1 }, note: `A${context.n}` })) },
      B: { guard: ({ context }) => context.log.calls < 5, actions: assign(({ context }) => ({ n: (context.n + 3) % 4, log: { last: 'B', calls: context.log.calls + 1 }, note: `B${context.n}` })) },
    },
  });
  return {
    ...defineModel({
      name: 'recorder',
      machine: () => machine,
      events: () => [{ type: 'A' }, { type: 'B' }],
      isFinal: (s) => s.context.log.calls === 5,
      invariants: [{ id: 'SMALL', title: 'n below 4', description: 'n counts modulo 4', check: (s) => s.context.n < 4 || `n = ${s.context.n}` }],
      auxiliary: declared,
    }),
    ...more,
  };
}
