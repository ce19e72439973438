// A bounded FIFO queue shared by `producers` producers and one consumer, each a parallel
// region; the queue is an array in context, of at most `capacity` items. A producer makes an
// item (its own number), then puts it at the tail when the queue has room; the consumer takes
// the head when there is one, holds it in `got`, and consumes it. Every sequence of items up to
// the capacity is reachable. The same model in Promela (a channel for the queue), for SPIN with
// the same state count: scripts/classicPromela.ts.
import { setup, assign } from 'xstate';
import { defineModel } from 'lucheck';

interface Ctx {
  queue: number[];
  /** The item the consumer took, -1 when it holds none. */
  got: number;
}

export function fifoMachine(producers: number, capacity: number, bug = false) {
  const states: Record<string, object> = {};
  for (let i = 0; i < producers; i++) {
    states[`p${i}`] = {
      initial: 'making',
      states: {
        making: { on: { [`p${i}.MAKE`]: 'ready' } },
        ready: {
          on: {
            [`p${i}.PUT`]: {
              target: 'making',
              guard: ({ context }: { context: Ctx }) => bug || context.queue.length < capacity,
              actions: assign({ queue: ({ context }: { context: Ctx }) => [...context.queue, i] }),
            },
          },
        },
      },
    };
  }
  states.consumer = {
    initial: 'waiting',
    states: {
      waiting: {
        on: {
          GET: {
            target: 'consuming',
            guard: ({ context }: { context: Ctx }) => context.queue.length > 0,
            actions: assign(({ context }: { context: Ctx }) => ({ got: context.queue[0]!, queue: context.queue.slice(1) })),
          },
        },
      },
      consuming: { on: { CONSUME: { target: 'waiting', actions: assign({ got: -1 }) } } },
    },
  };
  return setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
    id: 'fifo',
    type: 'parallel',
    context: { queue: [], got: -1 },
    states,
  } as never);
}

const ALPHABETS = new Map<number, readonly { type: string }[]>();

export default defineModel({
  name: 'fifo',
  description: 'a bounded FIFO queue with several producers and one consumer (holds)',
  params: {
    producers: { default: 3, range: [1, 6], description: 'number of producers' },
    capacity: { default: 6, range: [1, 16], description: 'items the queue holds at most' },
    bug: { default: false, description: 'a producer puts without looking whether the queue has room' },
  },
  machine: (p) => fifoMachine(p.producers as number, p.capacity as number, p.bug as boolean),
  events: (_s, p) => {
    const n = p.producers as number;
    let a = ALPHABETS.get(n);
    if (a === undefined) {
      a = Object.freeze([...Array.from({ length: n }, (_, i) => [{ type: `p${i}.MAKE` }, { type: `p${i}.PUT` }]).flat(), { type: 'GET' }, { type: 'CONSUME' }]);
      ALPHABETS.set(n, a);
    }
    return a;
  },
  invariants: [
    {
      id: 'BOUNDED',
      title: 'the queue never holds more than its capacity',
      description: 'no put is taken on a full queue',
      check: (s, p) => (s.context as Ctx).queue.length <= (p.capacity as number) || `the queue holds ${(s.context as Ctx).queue.length} items`,
    },
    {
      id: 'HELD',
      title: 'the consumer holds an item exactly while consuming',
      description: 'got names a producer while the consumer is consuming, and is -1 while it waits',
      check: (s) => {
        const got = (s.context as Ctx).got;
        const consuming = (s.value as Record<string, string>).consumer === 'consuming';
        return consuming === got >= 0 || `got is ${got} while the consumer is ${consuming ? 'consuming' : 'waiting'}`;
      },
    },
  ],
});
