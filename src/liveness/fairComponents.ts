import type { StateGraph } from './StateGraph.ts';

/** The fairness assumptions of a check as bit masks over the graph's edge masks: bit j weak or strong. */
export interface FairnessMasks {
  readonly weak: number;
  readonly strong: number;
}

/**
 * The strongly connected components of the subgraph induced by `inside` (1: in) that contain
 * a fair cycle: a cycle on which every weak assumption is either disabled somewhere or taken,
 * every strong one either never enabled or taken, and (with `accepting`) a state marked 1 is
 * visited. A state with no out-edge at all stays there for ever (a stuttering self-loop that
 * enables nothing), so it is such a component by itself.
 *
 * Emerson and Lei's refinement: a component is fair when the cycle through all of its states
 * and edges is. If not, for weak assumptions and acceptance no smaller cycle in it is either;
 * for a strong assumption enabled somewhere in it but never taken, the states where it is
 * enabled are removed and what remains is decomposed again. Tarjan's algorithm, iterative, on
 * typed arrays: linear in the subgraph for each round of refinement.
 */
export function fairComponents(g: StateGraph, inside: Uint8Array, fairness: FairnessMasks, accepting?: Uint8Array): Int32Array[] {
  const n = g.states;
  const { offsets, targets, masks, enabled } = g;
  const member = new Int32Array(n).fill(-1); // which work set a state belongs to
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const inComponent = new Int32Array(n).fill(-1);
  const fair: Int32Array[] = [];

  const first: number[] = [];
  for (let v = 0; v < n; v++) if (inside[v]) first.push(v);
  const work: Int32Array[] = [Int32Array.from(first)];
  let tag = 0;
  let stamp = 0;

  while (work.length > 0) {
    const nodes = work.pop()!;
    tag++;
    for (const v of nodes) {
      member[v] = tag;
      index[v] = -1;
    }
    let counter = 0;
    let sp = 0; // component stack
    for (const root of nodes) {
      if (index[root] !== -1) continue;
      let cp = 0; // call stack
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      callNode[cp] = root;
      callEdge[cp++] = offsets[root]!;
      while (cp > 0) {
        const v = callNode[cp - 1]!;
        const e = callEdge[cp - 1]!;
        if (e < offsets[v + 1]!) {
          callEdge[cp - 1] = e + 1;
          const w = targets[e]!;
          if (member[w] !== tag) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            callNode[cp] = w;
            callEdge[cp++] = offsets[w]!;
          } else if (onStack[w] && index[w]! < low[v]!) low[v] = index[w]!;
          continue;
        }
        cp--;
        if (cp > 0) {
          const u = callNode[cp - 1]!;
          if (low[v]! < low[u]!) low[u] = low[v]!;
        }
        if (low[v] !== index[v]) continue;
        let start = sp;
        do start--;
        while (stack[start] !== v);
        const component = stack.slice(start, sp);
        sp = start;
        for (const x of component) onStack[x] = 0;
        judge(component);
      }
    }
  }
  return fair;

  /** Keeps a fair component, drops one no cycle of which is fair, or queues what is left once a strong assumption's states are removed. */
  function judge(component: Int32Array): void {
    stamp++;
    for (const x of component) inComponent[x] = stamp;
    let cyclic = component.length > 1;
    let all = 0xffffffff;
    let any = 0;
    let taken = 0;
    let accepts = accepting === undefined;
    for (const x of component) {
      all &= enabled[x]!;
      any |= enabled[x]!;
      if (!accepts && accepting![x]) accepts = true;
      const end = offsets[x + 1]!;
      if (offsets[x] === end) cyclic = true; // stutters for ever
      for (let e = offsets[x]!; e < end; e++) {
        const w = targets[e]!;
        if (inComponent[w] !== stamp) continue;
        taken |= masks[e]!;
        if (w === x) cyclic = true;
      }
    }
    if (!cyclic || !accepts) return;
    if ((fairness.weak & all & ~taken) !== 0) return;
    const unfair = fairness.strong & any & ~taken;
    if (unfair === 0) {
      fair.push(component);
      return;
    }
    const rest = component.filter((x) => (enabled[x]! & unfair) === 0);
    if (rest.length > 0) work.push(rest);
  }
}
