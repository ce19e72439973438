import type { PropertyKind } from '../model/Property.ts';
import type { StateGraph } from './StateGraph.ts';
import { fairComponents, type FairnessMasks } from './fairComponents.ts';
import { fairCycle, shortestStem, type Lasso, type StemRule } from './lasso.ts';

/** A property's predicates on the graph's states: `p[v]` and `q[v]` are 1 where they hold (`q` for leads-to only). */
export interface PropertyLabels {
  readonly kind: PropertyKind;
  readonly p: Uint8Array;
  readonly q?: Uint8Array;
}

/**
 * A fair behaviour that breaks the property, as a lasso with the shortest stem, or undefined
 * when it holds. Each shape becomes a search for a fair cycle in part of the graph:
 * - ◇P: a fair cycle (or an end) reached from the initial state through states where P never holds;
 * - □◇P: a fair cycle, anywhere reachable, all of whose states break P;
 * - P ~> Q: a state where P holds and Q does not, then a fair cycle reached from it, all of it without Q;
 * - ◇□P: a fair cycle through a state that breaks P.
 */
export function propertyLasso(g: StateGraph, labels: PropertyLabels, fairness: FairnessMasks): Lasso | undefined {
  const n = g.states;
  const { p } = labels;
  const notP = p.map((x) => 1 - x);
  let inside: Uint8Array;
  let accepting: Uint8Array | undefined;
  let startPhases = 2; // phase 1 only
  let rule: StemRule;
  switch (labels.kind) {
    case 'eventually':
      if (p[0]) return undefined;
      inside = reach(g, [0], notP);
      rule = (_v, _phase, w) => (inside[w] ? 2 : 0);
      break;
    case 'always-eventually':
      inside = notP;
      rule = () => 2;
      break;
    case 'eventually-always':
      inside = new Uint8Array(n).fill(1);
      accepting = notP;
      rule = () => 2;
      break;
    case 'leads-to': {
      const q = labels.q!;
      const notQ = q.map((x) => 1 - x);
      const triggers: number[] = [];
      for (let v = 0; v < n; v++) if (p[v] && !q[v]) triggers.push(v);
      inside = reach(g, triggers, notQ);
      // phase 0 until a trigger is picked (any trigger may be passed by), phase 1 after it, through states without Q
      const phasesAt = (w: number) => (p[w] === 1 && q[w] === 0 ? 3 : 1);
      startPhases = phasesAt(0);
      rule = (_v, phase, w) => (phase === 0 ? phasesAt(w) : q[w] ? 0 : 2);
      break;
    }
  }
  const components = fairComponents(g, inside, fairness, accepting);
  if (components.length === 0) return undefined;
  const componentOf = new Int32Array(n).fill(-1);
  components.forEach((c, i) => c.forEach((v) => (componentOf[v] = i)));
  const stem = shortestStem(g, startPhases, rule, componentOf);
  if (stem === undefined) throw new Error(`a fair component of property shape ${labels.kind} that its stem cannot reach`);
  const cycle = fairCycle(g, stem.end, componentOf, fairness, accepting);
  return { edges: [...stem.edges, ...cycle.edges], loopStart: stem.edges.length, stutter: cycle.stutter };
}

/** The states reachable from `from` (themselves included when allowed) through states where `allowed` is 1. */
function reach(g: StateGraph, from: readonly number[], allowed: Uint8Array): Uint8Array {
  const seen = new Uint8Array(g.states);
  const queue: number[] = [];
  for (const v of from) {
    if (allowed[v] && !seen[v]) {
      seen[v] = 1;
      queue.push(v);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.targets[e]!;
      if (allowed[w] && !seen[w]) {
        seen[w] = 1;
        queue.push(w);
      }
    }
  }
  return seen;
}
