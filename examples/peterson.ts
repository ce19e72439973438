// Peterson's mutual exclusion for two processes, one parallel region each. Each process raises
// its flag, gives the turn away, and enters only when the other's flag is down or the turn is
// its own. The invariant MUTEX (never both critical) holds in every reachable state.
import { setup, assign } from 'xstate';
import { defineModel } from 'lucheck';

interface Ctx {
  flag: [boolean, boolean];
  turn: 0 | 1;
}

function withFlag(flag: Ctx['flag'], i: 0 | 1, value: boolean): Ctx['flag'] {
  const next: Ctx['flag'] = [flag[0], flag[1]];
  next[i] = value;
  return next;
}

function process(i: 0 | 1) {
  const j = (1 - i) as 0 | 1;
  const p = `p${i}`;
  return {
    initial: 'idle',
    states: {
      idle: { on: { [`${p}.WANT`]: { target: 'want', actions: assign(({ context }: { context: Ctx }) => ({ flag: withFlag(context.flag, i, true) })) } } },
      want: { on: { [`${p}.YIELD`]: { target: 'waiting', actions: assign({ turn: j }) } } },
      waiting: { on: { [`${p}.ENTER`]: { target: 'critical', guard: ({ context }: { context: Ctx }) => !context.flag[j] || context.turn === i } } },
      critical: { on: { [`${p}.EXIT`]: { target: 'idle', actions: assign(({ context }: { context: Ctx }) => ({ flag: withFlag(context.flag, i, false) })) } } },
    },
  };
}

export const petersonMachine = setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
  id: 'peterson',
  type: 'parallel',
  context: { flag: [false, false], turn: 0 },
  states: { p0: process(0), p1: process(1) },
} as never);

const EVENTS = ['p0', 'p1'].flatMap((p) => ['WANT', 'YIELD', 'ENTER', 'EXIT'].map((e) => ({ type: `${p}.${e}` })));

export default defineModel({
  name: 'peterson',
  description: "Peterson's two-process mutual exclusion (holds)",
  machine: () => petersonMachine,
  events: () => EVENTS,
  invariants: [
    {
      id: 'MUTEX',
      title: 'at most one process is critical',
      description: 'p0 and p1 are never in their critical sections at the same time',
      check: (s) => (s.matches({ p0: 'critical' }) && s.matches({ p1: 'critical' }) ? 'p0 and p1 are both critical' : true),
    },
  ],
});
