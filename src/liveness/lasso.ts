import type { StateGraph } from './StateGraph.ts';
import type { FairnessMasks } from './fairComponents.ts';

/**
 * A counterexample to a temporal property: the edges of a stem from the initial state, then
 * those of a cycle back to the state the stem ends in (`loopStart`, the number of stem edges).
 * With `stutter`, the cycle is empty: the stem ends in a state with no enabled event, where
 * the behaviour stays for ever.
 */
export interface Lasso {
  readonly edges: readonly number[];
  readonly loopStart: number;
  readonly stutter: boolean;
}

/** How a stem may move: from `v` in `phase` to `w`, the phases it may be in after (bit 0: phase 0, bit 1: phase 1; 0 when it may not). */
export type StemRule = (v: number, phase: number, w: number) => number;

/**
 * The shortest stem, by breadth-first search over (state, phase) from the initial state in
 * the phases `startPhases` allows (bits as `StemRule`'s), to a state of a fair component
 * reached in phase 1 (`componentOf[v] >= 0`): its edges and the state it ends in. Phases let
 * "P ~> Q" pick a trigger state (it may pass one by and pick a later one) and only then stay
 * where Q does not hold; the other properties run in phase 1 throughout.
 */
export function shortestStem(g: StateGraph, startPhases: number, rule: StemRule, componentOf: Int32Array): { edges: number[]; end: number } | undefined {
  const n = g.states;
  const from = new Int32Array(2 * n).fill(-2); // -2 unseen, -1 the start, else the key before
  const via = new Int32Array(2 * n);
  const queue = new Int32Array(2 * n);
  let head = 0;
  let tail = 0;
  for (const phase of [0, 1]) {
    if ((startPhases & (1 << phase)) === 0) continue;
    from[phase] = -1;
    queue[tail++] = phase;
  }
  while (head < tail) {
    const key = queue[head++]!;
    const v = key >> 1;
    if ((key & 1) === 1 && componentOf[v]! >= 0) {
      const edges: number[] = [];
      for (let k = key; from[k]! >= 0; k = from[k]!) edges.push(via[k]!);
      return { edges: edges.reverse(), end: v };
    }
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.targets[e]!;
      const phases = rule(v, key & 1, w);
      for (let phase = 0; phase < 2; phase++) {
        const k = 2 * w + phase;
        if ((phases & (1 << phase)) === 0 || from[k] !== -2) continue;
        from[k] = key;
        via[k] = e;
        queue[tail++] = k;
      }
    }
  }
  return undefined;
}

/**
 * A fair cycle through `entry` inside its component (the states with `componentOf[v] ===
 * componentOf[entry]`), made short greedily: from where it is, the shortest path to the
 * nearest thing still owed (a step of each weak assumption enabled everywhere in the
 * component, or a state where it is not; a step of each strong one enabled somewhere; an
 * accepting state), then the shortest path back. Empty for a state that stutters for ever.
 */
export function fairCycle(g: StateGraph, entry: number, componentOf: Int32Array, fairness: FairnessMasks, accepting?: Uint8Array): { edges: number[]; stutter: boolean } {
  if (g.offsets[entry] === g.offsets[entry + 1]) return { edges: [], stutter: true };
  const c = componentOf[entry]!;
  const inside = (w: number) => componentOf[w] === c;
  // what the component enables everywhere and somewhere
  let all = 0xffffffff;
  let any = 0;
  for (let v = 0; v < g.states; v++) {
    if (!inside(v)) continue;
    all &= g.enabled[v]!;
    any |= g.enabled[v]!;
  }
  // owed: steps (bit j: an edge with mask bit j), or for weak assumptions not enabled everywhere, a step or a state where j is off
  let owedStep = (fairness.weak & all) | (fairness.strong & any);
  let owedStepOrOff = fairness.weak & ~all;
  let owedAccept = accepting !== undefined;
  const visit = (v: number) => {
    owedStepOrOff &= g.enabled[v]!;
    if (owedAccept && accepting![v]) owedAccept = false;
  };
  const take = (e: number) => {
    owedStep &= ~g.masks[e]!;
    owedStepOrOff &= ~g.masks[e]!;
    visit(g.targets[e]!);
  };
  const edges: number[] = [];
  let at = entry;
  visit(entry);
  while (owedStep !== 0 || owedStepOrOff !== 0 || owedAccept) {
    const path = shortestWithin(g, at, inside, (e, w) => (g.masks[e]! & (owedStep | owedStepOrOff)) !== 0 || (g.enabled[w]! & owedStepOrOff) !== owedStepOrOff || (owedAccept && accepting![w] === 1));
    if (path === undefined) throw new Error('a fair component without the step or state its fairness needs');
    for (const e of path) take(e);
    edges.push(...path);
    at = g.targets[path[path.length - 1]!]!;
  }
  if (at !== entry || edges.length === 0) {
    const back = shortestWithin(g, at, inside, (_e, w) => w === entry);
    if (back === undefined) throw new Error('a component whose states do not reach each other');
    edges.push(...back);
  }
  return { edges, stutter: false };
}

/** The shortest path (at least one edge) from `start` inside `inside` whose last edge `e` into `w` satisfies `done`. */
function shortestWithin(g: StateGraph, start: number, inside: (w: number) => boolean, done: (e: number, w: number) => boolean): number[] | undefined {
  const via = new Map<number, number>(); // state -> edge in
  const queue = [start];
  const seen = new Set<number>([start]);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.targets[e]!;
      if (!inside(w)) continue;
      if (done(e, w)) {
        const path = [e];
        for (let u = v; u !== start; ) {
          const back = via.get(u)!;
          path.push(back);
          u = sourceOf(g, back);
        }
        return path.reverse();
      }
      if (seen.has(w)) continue;
      seen.add(w);
      via.set(w, e);
      queue.push(w);
    }
  }
  return undefined;
}

/** The state an edge leaves (binary search in the rows). */
function sourceOf(g: StateGraph, e: number): number {
  let lo = 0;
  let hi = g.states - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g.offsets[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
