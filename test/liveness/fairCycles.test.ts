// The fair-cycle search and the lassos it builds, against a brute-force oracle on small random
// graphs: a fair cycle exists exactly when some set of edges that forms a closed walk (strongly
// connected, inside the allowed states) meets every fairness assumption and the acceptance.
import { expect } from 'chai';
import fc from 'fast-check';
import { stateGraph, type StateGraph } from '../../src/liveness/StateGraph.ts';
import { fairComponents, type FairnessMasks } from '../../src/liveness/fairComponents.ts';
import { propertyLasso, type PropertyLabels } from '../../src/liveness/propertyLasso.ts';
import type { Lasso } from '../../src/liveness/lasso.ts';

interface Drawn {
  n: number;
  edges: [number, number, number][]; // source, target, mask
  weak: number;
  strong: number;
  inside: number[];
  accepting: number[];
}

const MASK_BITS = 3;

const drawn: fc.Arbitrary<Drawn> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.nat((1 << MASK_BITS) - 1)), { maxLength: 11, selector: (e) => `${e[0]}>${e[1]}` }),
    weak: fc.nat((1 << MASK_BITS) - 1),
    strong: fc.nat((1 << MASK_BITS) - 1),
    inside: fc.array(fc.nat(1), { minLength: n, maxLength: n }),
    accepting: fc.array(fc.nat(1), { minLength: n, maxLength: n }),
  }),
);

/** The drawn graph, as a search records one: only the states reachable from state 0, numbered in the order they are reached. */
function graphOf(d: Drawn): StateGraph {
  const number = new Map<number, number>([[0, 0]]);
  for (let i = 0; i < number.size; i++) {
    const v = [...number.keys()][i]!;
    for (const [a, b] of d.edges) if (a === v && !number.has(b)) number.set(b, number.size);
  }
  const kept = d.edges.filter(([a]) => number.has(a));
  const old = [...number.keys()];
  // labels follow their states
  d.inside = old.map((v) => d.inside[v]!);
  d.accepting = old.map((v) => d.accepting[v]!);
  d.n = number.size;
  const columns = [kept.map((e) => number.get(e[0])!), kept.map((e) => number.get(e[1])!), kept.map((_, i) => i), kept.map((e) => e[2])] as const;
  // half the time listed by source in typed arrays, as a breadth-first search records them (the rows are read in place)
  if (d.edges.length % 2 === 0) return stateGraph(number.size, ...columns);
  const order = kept.map((_, i) => i).sort((a, b) => columns[0][a]! - columns[0][b]!);
  const typed = <T extends Int32Array | Uint32Array>(make: (n: number) => T, column: readonly number[]) => order.reduce((out, i, k) => ((out[k] = column[i]!), out), make(order.length));
  return stateGraph(number.size, order.map((i) => columns[0][i]!), typed((n) => new Int32Array(n), columns[1]), typed((n) => new Int32Array(n), columns[2]), typed((n) => new Uint32Array(n), columns[3]));
}

/** Whether a closed walk through exactly these states and edges of `g` (by index) is fair (and accepting, when asked). */
function fairWalk(g: StateGraph, states: ReadonlySet<number>, edges: readonly number[], fairness: FairnessMasks, accepting?: ArrayLike<number>): boolean {
  let taken = 0;
  for (const e of edges) taken |= g.masks[e]!;
  for (let j = 0; j < MASK_BITS; j++) {
    const bit = 1 << j;
    // enabled: some out-edge of the state carries the bit (worked out here, not read from g.enabled)
    const enabled = [...states].map((v) => {
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) if (g.masks[e]! & bit) return true;
      return false;
    });
    if (taken & bit) continue;
    if (fairness.weak & bit && enabled.every(Boolean)) return false;
    if (fairness.strong & bit && enabled.some(Boolean)) return false;
  }
  return accepting === undefined || [...states].some((v) => accepting[v] === 1);
}

/** Brute force: some edge set inside `inside`, strongly connected over its end states, whose closed walk is fair; or a state without out-edges (it stutters). */
function oracle(g: StateGraph, inside: ArrayLike<number>, fairness: FairnessMasks, accepting?: ArrayLike<number>): boolean {
  for (let v = 0; v < g.states; v++) {
    if (inside[v] && g.offsets[v] === g.offsets[v + 1] && (accepting === undefined || accepting[v] === 1)) return true;
  }
  const all: number[] = [];
  for (let v = 0; v < g.states; v++) for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) if (inside[v] && inside[g.targets[e]!]) all.push(e);
  const sourceOf = (e: number) => {
    let v = 0;
    while (g.offsets[v + 1]! <= e) v++;
    return v;
  };
  for (let subset = 1; subset < 1 << all.length; subset++) {
    const edges = all.filter((_, i) => subset & (1 << i));
    const states = new Set(edges.flatMap((e) => [sourceOf(e), g.targets[e]!]));
    // strongly connected over `states` with these edges: every state reaches every other
    const reach = (from: number, forward: boolean) => {
      const seen = new Set([from]);
      const queue = [from];
      while (queue.length > 0) {
        const v = queue.pop()!;
        for (const e of edges) {
          const [a, b] = forward ? [sourceOf(e), g.targets[e]!] : [g.targets[e]!, sourceOf(e)];
          if (a === v && !seen.has(b)) seen.add(b), queue.push(b);
        }
      }
      return seen.size === states.size;
    };
    const first = [...states][0]!;
    if (reach(first, true) && reach(first, false) && fairWalk(g, states, edges, fairness, accepting)) return true;
  }
  return false;
}

/** Checks a lasso on the graph: edges chain from state 0, the cycle returns to the loop's start (or stutters), and the cycle is fair. */
function validLasso(g: StateGraph, lasso: Lasso, fairness: FairnessMasks): { states: number[]; cycle: Set<number> } {
  const states = [0];
  for (const e of lasso.edges) {
    const from = states.at(-1)!;
    expect(e, 'each edge leaves the state the lasso is in').to.be.within(g.offsets[from]!, g.offsets[from + 1]! - 1);
    states.push(g.targets[e]!);
  }
  const cycleEdges = lasso.edges.slice(lasso.loopStart);
  const cycle = new Set(states.slice(lasso.loopStart));
  if (lasso.stutter) {
    expect(cycleEdges).to.deep.equal([]);
    expect(g.offsets[states.at(-1)!]).to.equal(g.offsets[states.at(-1)! + 1], 'a stuttering end has no out-edge');
  } else {
    expect(cycleEdges.length).to.be.greaterThan(0);
    expect(states.at(-1)).to.equal(states[lasso.loopStart], 'the cycle comes back to where it starts');
    expect(fairWalk(g, cycle, cycleEdges, fairness), 'the cycle is fair').to.equal(true);
  }
  return { states, cycle };
}

describe('fair cycles and lassos (brute-force oracle on small random graphs)', () => {
  it('fairComponents finds a fair cycle exactly when one exists, with weak, strong and acceptance conditions', () => {
    fc.assert(
      fc.property(drawn, fc.boolean(), (d, withAcceptance) => {
        const g = graphOf(d);
        const fairness = { weak: d.weak, strong: d.strong & ~d.weak };
        const accepting = withAcceptance ? Uint8Array.from(d.accepting) : undefined;
        const found = fairComponents(g, Uint8Array.from(d.inside), fairness, accepting).length > 0;
        expect(found).to.equal(oracle(g, d.inside, fairness, accepting));
      }),
      { numRuns: 5000 },
    );
  });

  it('propertyLasso answers each property shape as the oracle does, and its lassos are real fair behaviours that break the property', () => {
    const shapes = ['eventually', 'always-eventually', 'eventually-always', 'leads-to'] as const;
    fc.assert(
      fc.property(drawn, fc.constantFrom(...shapes), fc.array(fc.nat(1), { minLength: 5, maxLength: 5 }), (d, kind, qBits) => {
        const g = graphOf(d);
        const fairness = { weak: d.weak, strong: d.strong & ~d.weak };
        const p = Uint8Array.from(d.accepting);
        const q = Uint8Array.from(qBits.slice(0, d.n));
        const labels: PropertyLabels = kind === 'leads-to' ? { kind, p, q } : { kind, p };
        const lasso = propertyLasso(g, labels, fairness);
        // reachable states from 0, for the oracle's "anywhere reachable"
        const reachable = new Uint8Array(d.n);
        const queue = [0];
        reachable[0] = 1;
        while (queue.length) {
          const v = queue.pop()!;
          for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) if (!reachable[g.targets[e]!]) (reachable[g.targets[e]!] = 1), queue.push(g.targets[e]!);
        }
        const notP = p.map((x, v) => (x ? 0 : reachable[v]!));
        let expected: boolean;
        if (kind === 'always-eventually') expected = oracle(g, notP, fairness);
        else if (kind === 'eventually-always') expected = oracle(g, reachable, fairness, p.map((x) => 1 - x));
        else if (kind === 'eventually') {
          // through states where P never holds, from state 0
          const inside = new Uint8Array(d.n);
          const stack = p[0] ? [] : [0];
          if (!p[0]) inside[0] = 1;
          while (stack.length) {
            const v = stack.pop()!;
            for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
              const w = g.targets[e]!;
              if (!p[w] && !inside[w]) (inside[w] = 1), stack.push(w);
            }
          }
          expected = oracle(g, inside, fairness);
        } else {
          // from a reachable trigger (P and not Q), through states without Q
          const inside = new Uint8Array(d.n);
          const stack: number[] = [];
          for (let v = 0; v < d.n; v++) if (reachable[v] && p[v] && !q[v]) (inside[v] = 1), stack.push(v);
          while (stack.length) {
            const v = stack.pop()!;
            for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
              const w = g.targets[e]!;
              if (!q[w] && !inside[w]) (inside[w] = 1), stack.push(w);
            }
          }
          expected = oracle(g, inside, fairness);
        }
        expect(lasso !== undefined, `${kind}: a counterexample exists`).to.equal(expected);
        if (!lasso) return;
        const { states, cycle } = validLasso(g, lasso, fairness);
        if (kind === 'eventually') expect(states.every((v) => !p[v]), 'P never holds on it').to.equal(true);
        if (kind === 'always-eventually') expect([...cycle].every((v) => !p[v]), 'P never holds on the cycle').to.equal(true);
        if (kind === 'eventually-always') expect([...cycle].some((v) => !p[v]), 'the cycle visits a state without P').to.equal(true);
        if (kind === 'leads-to') {
          const trigger = states.findIndex((v, i) => p[v] && !q[v] && states.slice(Math.min(i, lasso.loopStart)).every((w) => !q[w]));
          expect(trigger, 'a premise followed only by states without the conclusion').to.be.at.least(0);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('the stem is shortest: it ends at the nearest state of a fair component (eventually-always, where any fair cycle through a state without P will do)', () => {
    // 0 -> 1 -> 2 -> 3 -> 2 (P fails at 3), found first in edge order, and 0 -> 4 -> 4 (P fails at 4): the stem to 4 is one step, to 2 two
    const g = stateGraph(5, [0, 1, 2, 3, 0, 4], [1, 2, 3, 2, 4, 4], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0]);
    const lasso = propertyLasso(g, { kind: 'eventually-always', p: Uint8Array.from([1, 1, 1, 0, 0]) }, { weak: 0, strong: 0 })!;
    expect(lasso.loopStart).to.equal(1);
    expect(lasso.edges.map((e) => g.targets[e])).to.deep.equal([4, 4]);
  });
});
