/**
 * The reachable state graph of a finished search, in compressed sparse rows: the out-edges of
 * state `v` are `offsets[v]` to `offsets[v + 1] - 1`, each with its target, the index of its
 * event among the source's enabled events (what a trace replays) and its fairness mask (bit j:
 * the step is one that fairness assumption j is about). `enabled[v]` is the union of the masks
 * of `v`'s out-edges: the assumptions whose steps are enabled in `v`.
 */
export interface StateGraph {
  readonly states: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly events: Int32Array;
  readonly masks: Uint32Array;
  readonly enabled: Uint32Array;
}

/** Builds the rows from edges listed in any order (a counting sort by source; edge order per source is kept). */
export function stateGraph(states: number, sources: ArrayLike<number>, targets: ArrayLike<number>, events: ArrayLike<number>, masks: ArrayLike<number>): StateGraph {
  const m = sources.length;
  const offsets = new Int32Array(states + 1);
  for (let e = 0; e < m; e++) offsets[sources[e]! + 1]!++;
  for (let v = 0; v < states; v++) offsets[v + 1]! += offsets[v]!;
  const fill = offsets.slice(0, states);
  const to = new Int32Array(m);
  const ev = new Int32Array(m);
  const mk = new Uint32Array(m);
  const enabled = new Uint32Array(states);
  for (let e = 0; e < m; e++) {
    const v = sources[e]!;
    const at = fill[v]!++;
    to[at] = targets[e]!;
    ev[at] = events[e]!;
    mk[at] = masks[e]!;
    enabled[v]! |= masks[e]!;
  }
  return { states, offsets, targets: to, events: ev, masks: mk, enabled };
}
