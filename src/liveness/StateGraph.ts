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

/**
 * Builds the rows from edges listed in any order (a counting sort by source; edge order per
 * source is kept). A breadth-first search lists them by source already: then the columns given
 * are the rows as they are, when they are typed arrays of the rows' types, and nothing is copied.
 */
export function stateGraph(states: number, sources: ArrayLike<number>, targets: ArrayLike<number>, events: ArrayLike<number>, masks: ArrayLike<number>): StateGraph {
  const m = sources.length;
  const offsets = new Int32Array(states + 1);
  let sorted = true;
  for (let e = 0; e < m; e++) {
    offsets[sources[e]! + 1]!++;
    if (e > 0 && sources[e]! < sources[e - 1]!) sorted = false;
  }
  for (let v = 0; v < states; v++) offsets[v + 1]! += offsets[v]!;
  if (sorted && targets instanceof Int32Array && events instanceof Int32Array && masks instanceof Uint32Array) {
    const enabled = new Uint32Array(states);
    for (let e = 0; e < m; e++) enabled[sources[e]!]! |= masks[e]!;
    return { states, offsets, targets, events, masks, enabled };
  }
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
