// Peterson's mutual exclusion with busy waiting, and its liveness: a process that wants the
// critical section gets it. A waiting process spins (tests the condition again and stays)
// until it may enter. Starvation-free under weak fairness of the two processes; with no
// fairness, one process may spin for ever while the other never gets to give the turn away.
import { assign, setup } from 'xstate';
import { defineModel, leadsTo } from 'lucheck';

interface Ctx {
  flag: [boolean, boolean];
  turn: 0 | 1;
}

const withFlag = (flag: Ctx['flag'], i: 0 | 1, value: boolean): Ctx['flag'] => (i === 0 ? [value, flag[1]] : [flag[0], value]);

function process(i: 0 | 1) {
  const j = (1 - i) as 0 | 1;
  const p = `p${i}`;
  const mayEnter = ({ context }: { context: Ctx }) => !context.flag[j] || context.turn === i;
  return {
    initial: 'idle',
    states: {
      idle: { on: { [`${p}.WANT`]: { target: 'want', actions: assign(({ context }: { context: Ctx }) => ({ flag: withFlag(context.flag, i, true) })) } } },
      want: { on: { [`${p}.YIELD`]: { target: 'waiting', actions: assign({ turn: j }) } } },
      waiting: {
        on: {
          [`${p}.ENTER`]: { target: 'critical', guard: mayEnter },
          // busy waiting: the test fails and the process tries again
          [`${p}.SPIN`]: { target: 'waiting', guard: (args: { context: Ctx }) => !mayEnter(args) },
        },
      },
      critical: { on: { [`${p}.EXIT`]: { target: 'idle', actions: assign(({ context }: { context: Ctx }) => ({ flag: withFlag(context.flag, i, false) })) } } },
    },
  };
}

export const fairMutexMachine = setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
  id: 'fair-mutex',
  type: 'parallel',
  context: { flag: [false, false], turn: 0 },
  states: { p0: process(0), p1: process(1) },
} as never);

const EVENTS = ['p0', 'p1'].flatMap((p) => ['WANT', 'YIELD', 'ENTER', 'SPIN', 'EXIT'].map((e) => ({ type: `${p}.${e}` })));

const entersOnceItWants = (p: 'p0' | 'p1') =>
  leadsTo(
    { id: `ENTERS-${p}`, title: `${p} gets the critical section it wants`, description: `whenever ${p} has raised its flag, it is critical then or later`, symmetric: false },
    (s) => s.matches({ [p]: 'want' }) || s.matches({ [p]: 'waiting' }),
    (s) => s.matches({ [p]: 'critical' }),
  );

export default defineModel({
  name: 'fair-mutex',
  description: "Peterson's mutual exclusion with busy waiting: no process starves under weak fairness (holds)",
  machine: () => fairMutexMachine,
  events: () => EVENTS,
  invariants: [
    {
      id: 'MUTEX',
      title: 'at most one process is critical',
      description: 'p0 and p1 are never in their critical sections at the same time',
      check: (s) => (s.matches({ p0: 'critical' }) && s.matches({ p1: 'critical' }) ? 'p0 and p1 are both critical' : true),
    },
  ],
  properties: [entersOnceItWants('p0'), entersOnceItWants('p1')],
  fairness: [
    { kind: 'weak', actor: 'p0' },
    { kind: 'weak', actor: 'p1' },
  ],
});
