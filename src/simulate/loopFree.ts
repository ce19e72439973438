import type { TransitionSystem } from '../search/TransitionSystem.ts';
import { fingerprintOf } from '../search/successor.ts';

/**
 * The path with its cycles cut out: replayed from the initial state, whenever it comes back to
 * a state it passed through (equal fingerprints), the steps between the two visits are dropped.
 * The states after the cut are the same states, reached by the same event indices (indices
 * refer to a state's enabled events, which depend on the state alone), so the shortened path
 * ends in the same state and violates what the walk violated. Deterministic: a function of
 * the path alone.
 */
export function loopFree<S, E>(system: TransitionSystem<S, E>, path: readonly number[]): number[] {
  const fp = { hi: 0, lo: 0 };
  const keyOf = (s: S) => (fingerprintOf(system, s, fp), `${fp.hi}:${fp.lo}`);
  // where each state on the kept path stands: the kept path up to it is `out.slice(0, position)`
  const position = new Map<string, number>();
  const out: number[] = [];
  let state = system.initialState();
  position.set(keyOf(state), 0);
  for (const index of path) {
    state = system.next(state, system.enabledEvents(state)[index]!);
    const key = keyOf(state);
    const before = position.get(key);
    if (before === undefined) {
      out.push(index);
      position.set(key, out.length);
      continue;
    }
    // back at a state on the kept path: forget the states of the cycle, keep the path to it
    for (const [k, p] of position) if (p > before) position.delete(k);
    out.length = before;
  }
  return out;
}
