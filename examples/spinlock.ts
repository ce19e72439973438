// A test-and-set spin lock shared by two processes: a process that wants the lock takes it
// when it is free. Weak fairness is not enough for a process to get it: the other can take and
// release the lock again and again, so the first finds it free only now and then, never for
// good (a livelock). Strong fairness of each process's ACQUIRE breaks it.
import { assign, setup } from 'xstate';
import { defineModel, leadsTo, type Fairness } from 'lucheck';

interface Ctx {
  locked: boolean;
}

function process(p: string) {
  return {
    initial: 'idle',
    states: {
      idle: { on: { [`${p}.WANT`]: 'trying' } },
      trying: { on: { [`${p}.ACQUIRE`]: { target: 'critical', guard: ({ context }: { context: Ctx }) => !context.locked, actions: assign({ locked: true }) } } },
      critical: { on: { [`${p}.RELEASE`]: { target: 'idle', actions: assign({ locked: false }) } } },
    },
  };
}

const machine = setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
  id: 'spinlock',
  type: 'parallel',
  context: { locked: false },
  states: { p0: process('p0'), p1: process('p1') },
} as never);

const EVENTS = ['p0', 'p1'].flatMap((p) => ['WANT', 'ACQUIRE', 'RELEASE'].map((e) => ({ type: `${p}.${e}` })));

const FAIRNESS: Record<string, readonly Fairness[]> = {
  weak: [
    { kind: 'weak', actor: 'p0' },
    { kind: 'weak', actor: 'p1' },
  ],
  strong: [
    { kind: 'weak', actor: 'p0' },
    { kind: 'weak', actor: 'p1' },
    { kind: 'strong', event: 'p0.ACQUIRE' },
    { kind: 'strong', event: 'p1.ACQUIRE' },
  ],
};

export default defineModel({
  name: 'spinlock',
  description: 'a test-and-set spin lock: a process may starve under weak fairness, not under strong fairness of ACQUIRE',
  params: { fairness: { default: 'weak', values: ['weak', 'strong'], description: "the processes' fairness: weak, or weak plus strong fairness of each ACQUIRE" } },
  machine: () => machine,
  events: () => EVENTS,
  invariants: [
    {
      id: 'MUTEX',
      title: 'at most one process holds the lock',
      description: 'p0 and p1 are never critical at the same time',
      check: (s) => (s.matches({ p0: 'critical' }) && s.matches({ p1: 'critical' }) ? 'p0 and p1 are both critical' : true),
    },
  ],
  properties: (['p0', 'p1'] as const).map((p) =>
    leadsTo(
      { id: `GETS-LOCK-${p}`, title: `${p} gets the lock it tries for`, description: `whenever ${p} is trying, it holds the lock then or later` },
      (s) => s.matches({ [p]: 'trying' }),
      (s) => s.matches({ [p]: 'critical' }),
    ),
  ),
  fairness: (params) => FAIRNESS[params.fairness as string]!,
});
