// Peterson's mutual exclusion for two processes, one parallel region each. Each process raises
// its flag, gives the turn away, and enters only when the other's flag is down or the turn is
// its own. The invariant MUTEX (never both critical) holds in every reachable state.
import { setup, assign } from 'xstate';
import { defineModel, type AnySnapshot } from 'lucheck';

interface Ctx {
  flag: [boolean, boolean];
  turn: 0 | 1;
}

function withFlag(flag: Ctx['flag'], i: 0 | 1, value: boolean): Ctx['flag'] {
  const next: Ctx['flag'] = [flag[0], flag[1]];
  next[i] = value;
  return next;
}

/** Process i. With `busyWait`, a waiting process that may not enter spins: `SPIN` tests the condition again and stays. */
function process(i: 0 | 1, busyWait: boolean) {
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
          ...(busyWait ? { [`${p}.SPIN`]: { target: 'waiting', guard: (args: { context: Ctx }) => !mayEnter(args) } } : {}),
        },
      },
      critical: { on: { [`${p}.EXIT`]: { target: 'idle', actions: assign(({ context }: { context: Ctx }) => ({ flag: withFlag(context.flag, i, false) })) } } },
    },
  };
}

/** The two processes as one machine; with `busyWait`, waiting processes spin (examples/fairMutex.ts). */
export function petersonMachineWith(busyWait: boolean) {
  return setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
    id: busyWait ? 'fair-mutex' : 'peterson',
    type: 'parallel',
    context: { flag: [false, false], turn: 0 },
    states: { p0: process(0, busyWait), p1: process(1, busyWait) },
  } as never);
}

export const petersonMachine = petersonMachineWith(false);

/** At most one process is critical (here and in examples/fairMutex.ts). */
export const MUTEX = {
  id: 'MUTEX',
  title: 'at most one process is critical',
  description: 'p0 and p1 are never in their critical sections at the same time',
  check: (s: AnySnapshot) => (s.matches({ p0: 'critical' }) && s.matches({ p1: 'critical' }) ? 'p0 and p1 are both critical' : true),
};

const EVENTS = ['p0', 'p1'].flatMap((p) => ['WANT', 'YIELD', 'ENTER', 'EXIT'].map((e) => ({ type: `${p}.${e}` })));

export default defineModel({
  name: 'peterson',
  description: "Peterson's two-process mutual exclusion (holds)",
  machine: () => petersonMachine,
  events: () => EVENTS,
  invariants: [MUTEX],
});
