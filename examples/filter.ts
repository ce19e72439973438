// Peterson's filter lock for `n` processes, one parallel region each: to enter its critical
// section a process climbs levels 1..n-1; at each level L it announces `level[i] = L`, makes
// itself the level's victim, and waits until no other process is at level L or above, or it
// is no longer the victim. At most n-L processes pass level L, so at most one is critical.
// Shared state in context: `level` (per process) and `victim` (per level; entry 0 unused). Each
// assignment is one step, as each is one atomic statement of the Promela model that SPIN checks
// with the same state count (scripts/classicPromela.ts).
import { setup, assign } from 'xstate';
import { defineModel } from 'lucheck';

interface Ctx {
  level: number[];
  victim: number[];
}

function withEntry(xs: readonly number[], k: number, v: number): number[] {
  const next = xs.slice();
  next[k] = v;
  return next;
}

/** Whether process i may pass level L: no other process is at level L or above, or i is not L's victim. */
function mayPass(context: Ctx, i: number, L: number, bug: boolean): boolean {
  if (context.victim[L] !== i) return true;
  const level = context.level;
  const above = bug ? L + 1 : L; // the bug: only processes above level L count
  for (let k = 0; k < level.length; k++) if (k !== i && level[k]! >= above) return false;
  return true;
}

function process(i: number, n: number, bug: boolean) {
  const e = (name: string) => `p${i}.${name}`;
  const states: Record<string, object> = {
    idle: { on: { [e('LEVEL')]: { target: 'victim1', actions: assign({ level: ({ context }: { context: Ctx }) => withEntry(context.level, i, 1) }) } } },
    critical: { on: { [e('EXIT')]: { target: 'idle', actions: assign({ level: ({ context }: { context: Ctx }) => withEntry(context.level, i, 0) }) } } },
  };
  for (let L = 1; L < n; L++) {
    states[`victim${L}`] = { on: { [e('VICTIM')]: { target: `wait${L}`, actions: assign({ victim: ({ context }: { context: Ctx }) => withEntry(context.victim, L, i) }) } } };
    const pass = ({ context }: { context: Ctx }) => mayPass(context, i, L, bug);
    states[`wait${L}`] = {
      on: {
        [e('PASS')]:
          L === n - 1
            ? { target: 'critical', guard: pass }
            : { target: `victim${L + 1}`, guard: pass, actions: assign({ level: ({ context }: { context: Ctx }) => withEntry(context.level, i, L + 1) }) },
      },
    };
  }
  return { initial: 'idle', states };
}

export function filterMachine(n: number, bug = false) {
  const states: Record<string, object> = {};
  for (let i = 0; i < n; i++) states[`p${i}`] = process(i, n, bug);
  return setup({ types: {} as { context: Ctx; events: { type: string } } }).createMachine({
    id: 'filter',
    type: 'parallel',
    context: { level: new Array<number>(n).fill(0), victim: new Array<number>(n).fill(0) },
    states,
  } as never);
}

const ALPHABETS = new Map<number, readonly { type: string }[]>();
const NAMES = new Map<number, readonly string[]>();
/** The regions' names, p0 to p(n-1), made once per n (the invariant reads them for every state). */
function regionNames(n: number): readonly string[] {
  let names = NAMES.get(n);
  if (names === undefined) NAMES.set(n, (names = Array.from({ length: n }, (_, i) => `p${i}`)));
  return names;
}

export default defineModel({
  name: 'filter',
  description: "Peterson's filter lock for n processes (holds)",
  params: {
    n: { default: 3, range: [2, 8], description: 'number of processes' },
    bug: { default: false, description: 'a process waiting at level L counts only the others above L, not those at L' },
  },
  machine: (p) => filterMachine(p.n as number, p.bug as boolean),
  events: (_s, p) => {
    const n = p.n as number;
    let a = ALPHABETS.get(n);
    if (a === undefined) ALPHABETS.set(n, (a = Object.freeze(Array.from({ length: n }, (_, i) => ['LEVEL', 'VICTIM', 'PASS', 'EXIT'].map((x) => ({ type: `p${i}.${x}` }))).flat())));
    return a;
  },
  invariants: [
    {
      id: 'MUTEX',
      title: 'at most one process is critical',
      description: 'no two processes are in their critical sections at once',
      check: (s, p) => {
        const value = s.value as Record<string, string>;
        const names = regionNames(p.n as number);
        let critical = 0;
        for (let i = 0; i < names.length; i++) if (value[names[i]!] === 'critical') critical++;
        return critical <= 1 || `${critical} processes are critical`;
      },
    },
  ],
});
