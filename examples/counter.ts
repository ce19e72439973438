// A product of independent counters: `regions` parallel regions, each counting 0..size-1 by
// its own INC event (wrapping to 0). Every combination is reachable, so the model has exactly
// size^regions states: the engine's known-answer benchmark (100^3 = 1,000,000).
import { setup, assign } from 'xstate';
import { defineModel } from 'lucheck';

type Ctx = Record<string, number>;

export function counterMachine(regions: number, size: number) {
  const names = Array.from({ length: regions }, (_, i) => `c${i}`);
  const states: Record<string, object> = {};
  for (const n of names) {
    states[n] = {
      initial: 'counting',
      states: {
        counting: {
          on: {
            [`${n}.INC`]: {
              actions: assign({ [n]: ({ context }: { context: Ctx }) => (context[n]! + 1) % size }),
            },
          },
        },
      },
    };
  }
  return setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
    id: 'counter',
    type: 'parallel',
    context: Object.fromEntries(names.map((n) => [n, 0])),
    states,
  } as never);
}

// The alphabet per number of regions, built once: `events` runs for every state explored.
const ALPHABETS = Array.from({ length: 7 }, (_, n) => Object.freeze(Array.from({ length: n }, (_, i) => ({ type: `c${i}.INC` }))));

export default defineModel({
  name: 'counter',
  description: 'a product of independent counters with exactly size^regions states',
  params: {
    regions: { default: 3, range: [1, 6], description: 'number of parallel counter regions' },
    size: { default: 100, range: [1, 1000], description: 'values each counter takes (0..size-1)' },
  },
  machine: (p) => counterMachine(p.regions as number, p.size as number),
  events: (_s, p) => ALPHABETS[p.regions as number]!,
  invariants: [
    {
      id: 'IN-RANGE',
      title: 'every counter stays within 0..size-1',
      description: 'each counter wraps to 0 after size-1, so it never leaves its range',
      check: (s, p) => {
        const ctx = s.context as Ctx;
        for (const k in ctx) {
          const v = ctx[k]!;
          if (v < 0 || v >= (p.size as number)) return `counter ${k} = ${v}, outside 0..${(p.size as number) - 1}`;
        }
        return true;
      },
    },
  ],
  isFinal: () => true,
  // The regions are interchangeable: permuting them maps INC events to INC events and keeps the
  // invariant, so a state is its multiset of counter values (C(size + regions - 1, regions) states).
  symmetry: (s) => Object.values(s.context as Ctx).sort((a, b) => a - b),
});
