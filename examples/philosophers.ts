// Dining philosophers: `n` philosophers round a table, one parallel region each, and a fork
// between each two, held in context as an array of booleans. A philosopher gets hungry, takes
// the lower-numbered of its two forks, then the other, eats, and puts both down. Taking the
// lower-numbered fork first (so the last philosopher reaches for fork 0 before fork n-1) breaks
// the circular wait: the model has no deadlock, and no fork is ever held twice.
// The same model in Promela, for SPIN with the same state count: scripts/classicPromela.ts.
import { setup, assign } from 'xstate';
import { defineModel, leadsTo } from 'lucheck';

interface Ctx {
  forks: boolean[];
}

/** The forks with fork `f` set to `held` (a new array; the context is never written in place). */
function withFork(forks: readonly boolean[], f: number, held: boolean): boolean[] {
  const next = forks.slice();
  next[f] = held;
  return next;
}

/** Philosopher i's forks, the one it takes first and the other. */
export function forksOf(i: number, n: number): readonly [number, number] {
  const right = (i + 1) % n;
  return [Math.min(i, right), Math.max(i, right)];
}

function philosopher(i: number, n: number, bug: boolean) {
  const [first, second] = forksOf(i, n);
  const p = `p${i}`;
  return {
    initial: 'thinking',
    states: {
      thinking: { on: { [`${p}.HUNGRY`]: 'hungry' } },
      hungry: {
        on: {
          [`${p}.TAKE`]: {
            target: 'one',
            guard: ({ context }: { context: Ctx }) => !context.forks[first],
            actions: assign({ forks: ({ context }: { context: Ctx }) => withFork(context.forks, first, true) }),
          },
        },
      },
      one: {
        on: {
          [`${p}.TAKE`]: {
            target: 'eating',
            guard: ({ context }: { context: Ctx }) => bug || !context.forks[second],
            actions: assign({ forks: ({ context }: { context: Ctx }) => withFork(context.forks, second, true) }),
          },
        },
      },
      eating: {
        on: {
          [`${p}.RELEASE`]: {
            target: 'thinking',
            actions: assign({ forks: ({ context }: { context: Ctx }) => withFork(withFork(context.forks, first, false), second, false) }),
          },
        },
      },
    },
  };
}

export function philosophersMachine(n: number, bug = false) {
  const states: Record<string, object> = {};
  for (let i = 0; i < n; i++) states[`p${i}`] = philosopher(i, n, bug);
  return setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
    id: 'philosophers',
    type: 'parallel',
    context: { forks: new Array<boolean>(n).fill(false) },
    states,
  } as never);
}

const alphabet = (n: number) => Object.freeze(Array.from({ length: n }, (_, i) => ['HUNGRY', 'TAKE', 'RELEASE'].map((e) => ({ type: `p${i}.${e}` }))).flat());
const ALPHABETS = new Map<number, readonly { type: string }[]>();
const NAMES = new Map<number, readonly string[]>();
/** The regions' names, p0 to p(n-1), made once per n (the invariant reads them for every state). */
function regionNames(n: number): readonly string[] {
  let names = NAMES.get(n);
  if (names === undefined) NAMES.set(n, (names = Array.from({ length: n }, (_, i) => `p${i}`)));
  return names;
}
const PAIRS = new Map<number, readonly (readonly [number, number])[]>();
/** Each philosopher's forks (`forksOf`), made once per n. */
function forkPairs(n: number): readonly (readonly [number, number])[] {
  let pairs = PAIRS.get(n);
  if (pairs === undefined) PAIRS.set(n, (pairs = Array.from({ length: n }, (_, i) => forksOf(i, n))));
  return pairs;
}

export default defineModel({
  name: 'philosophers',
  description: 'dining philosophers, the lower-numbered fork first (holds, no deadlock)',
  params: {
    n: { default: 5, range: [2, 12], description: 'number of philosophers (and forks)' },
    bug: { default: false, description: 'a philosopher takes its second fork without looking whether it is free' },
    fairness: { default: 'strong', values: ['strong', 'weak'], description: "the philosophers' fairness for EATS: strong (each that can take a fork again and again does), or weak" },
  },
  machine: (p) => philosophersMachine(p.n as number, p.bug as boolean),
  events: (_s, p) => {
    const n = p.n as number;
    let a = ALPHABETS.get(n);
    if (a === undefined) ALPHABETS.set(n, (a = alphabet(n)));
    return a;
  },
  invariants: [
    {
      id: 'FORKS-HELD',
      title: 'a fork is held exactly when a philosopher next to it holds it',
      description: 'fork f is down unless philosopher f or f-1 has taken it (one: its first fork; eating: both), and no fork is held by two',
      check: (s, p) => {
        const n = p.n as number;
        const forks = (s.context as Ctx).forks;
        const value = s.value as Record<string, string>;
        const holders = new Array<number>(n).fill(0);
        const names = regionNames(n);
        const pairs = forkPairs(n);
        for (let i = 0; i < n; i++) {
          const [first, second] = pairs[i]!;
          const at = value[names[i]!];
          if (at === 'one') holders[first]!++;
          if (at === 'eating') {
            holders[first]!++;
            holders[second]!++;
          }
        }
        for (let f = 0; f < n; f++) {
          if (holders[f]! > 1) return `fork ${f} is held by ${holders[f]} philosophers`;
          if (forks[f] !== (holders[f] === 1)) return `fork ${f} is ${forks[f] ? 'up' : 'down'} but ${holders[f]} philosophers hold it`;
        }
        return true;
      },
    },
  ],
  // Liveness: a hungry philosopher eats. Its neighbours can take their turns so that its fork
  // is free only now and then: weak fairness does not make it eat, strong fairness does.
  properties: [
    leadsTo(
      { id: 'EATS', title: 'a hungry philosopher eats', description: 'whenever p0 is hungry, it is eating then or later (p0 stands for every philosopher: they are alike)' },
      (s) => s.matches({ p0: 'hungry' }),
      (s) => s.matches({ p0: 'eating' }),
    ),
  ],
  fairness: (p) => Array.from({ length: p.n as number }, (_, i) => ({ kind: p.fairness as 'weak' | 'strong', actor: `p${i}` })),
});
