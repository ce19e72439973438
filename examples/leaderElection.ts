// Leader election on a unidirectional ring (LeLann, Chang and Roberts): each process sends its
// id to its neighbour; a process forwards ids greater than its own, drops smaller ones, and is
// the leader when its own id comes back. One region per process; the channels, FIFO, in
// context. Every behaviour elects exactly one leader, the process with the greatest id, and
// keeps it (holds, with or without fairness: every behaviour ends).
import { assign, setup } from 'xstate';
import { defineModel, eventually, eventuallyAlways, type AnySnapshot } from 'lucheck';

interface Ctx {
  /** chan[i]: the ids on their way to process i, oldest first. */
  chan: number[][];
}

/** Process i's id: the ring's ids in a fixed shuffled order, so the greatest is not first. */
const uidOf = (i: number, n: number) => (i * (n - 1) + 1) % n === 0 ? n : (i * (n - 1) + 1) % n;

function process(i: number, n: number) {
  const p = `p${i}`;
  const uid = uidOf(i, n);
  const next = (i + 1) % n;
  const send = (chan: number[][], id: number) => chan.map((c, k) => (k === next ? [...c, id] : c));
  const head = (context: Ctx) => context.chan[i]![0];
  const drop = (chan: number[][]) => chan.map((c, k) => (k === i ? c.slice(1) : c));
  return {
    initial: 'start',
    states: {
      start: { on: { [`${p}.SEND`]: { target: 'active', actions: assign(({ context }: { context: Ctx }) => ({ chan: send(context.chan, uid) })) } } },
      active: {
        on: {
          [`${p}.RECEIVE`]: [
            { guard: ({ context }: { context: Ctx }) => head(context) === uid, target: 'leader', actions: assign(({ context }: { context: Ctx }) => ({ chan: drop(context.chan) })) },
            { guard: ({ context }: { context: Ctx }) => head(context) !== undefined && head(context)! > uid, actions: assign(({ context }: { context: Ctx }) => ({ chan: send(drop(context.chan), head(context)!) })) },
            { guard: ({ context }: { context: Ctx }) => head(context) !== undefined, actions: assign(({ context }: { context: Ctx }) => ({ chan: drop(context.chan) })) },
          ],
        },
      },
      leader: {},
    },
  };
}

const leaders = (s: AnySnapshot, n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => s.matches({ [`p${i}`]: 'leader' })).length;

export default defineModel({
  name: 'leader-election',
  description: 'LeLann-Chang-Roberts leader election on a ring of n processes: eventually exactly one leader (holds)',
  params: { n: { default: 3, range: [2, 6], description: 'processes on the ring' } },
  machine: (params) => {
    const n = params.n as number;
    return setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
      id: 'leader-election',
      type: 'parallel',
      context: { chan: Array.from({ length: n }, () => []) },
      states: Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, process(i, n)])),
    } as never);
  },
  events: (_s, params) => Array.from({ length: params.n as number }, (_, i) => [{ type: `p${i}.SEND` }, { type: `p${i}.RECEIVE` }]).flat(),
  invariants: [
    {
      id: 'ONE-LEADER',
      title: 'at most one leader',
      description: 'no two processes are leaders at once',
      check: (s, params) => (leaders(s, params.n as number) > 1 ? 'two processes are leaders' : true),
    },
  ],
  properties: [
    eventually({ id: 'ELECTS', title: 'a leader is elected', description: 'every behaviour reaches a state where some process is the leader' }, (s, params) => leaders(s, params.n as number) === 1),
    eventuallyAlways(
      { id: 'STAYS-ELECTED', title: 'the leader stays', description: 'every behaviour ends up with exactly one leader for good' },
      (s, params) => leaders(s, params.n as number) === 1,
    ),
  ],
  isFinal: (s, params) => leaders(s, params.n as number) === 1,
  fairness: (params) => Array.from({ length: params.n as number }, (_, i) => ({ kind: 'weak' as const, actor: `p${i}` })),
});
