import type { EventObject } from 'xstate';
import type { SearchProblem } from '../search/SearchOutcome.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';
import { firstViolation } from '../search/firstViolation.ts';
import { fingerprintOf } from '../search/successor.ts';
import type { WalkEnd } from './randomWalk.ts';

/** States a shortcut search may visit from one state of the path, and over the whole path. */
export const SHORTCUT_BUDGET = { perState: 2_000, total: 20_000 } as const;

/** Whether `state` fails as `failure` did: violates the same invariant, or deadlocks. */
function failsAs<S>(system: TransitionSystem<S, EventObject>, problem: SearchProblem<S>, state: S, failure: WalkEnd): boolean {
  if (failure.kind === 'violation') return firstViolation(problem.invariants, state)?.invariantId === failure.invariantId;
  return failure.kind === 'deadlock' && system.enabledEvents(state).length === 0 && !problem.isFinal(state);
}

/**
 * Shortens a failing path by exhaustive search near it: from each state on the path in turn, a
 * breadth-first search (within a budget of states) for a state that fails as `failure` did,
 * sooner than the path does from there; the first such way replaces the rest of the path. A
 * random walk that took a detour the shrinker could not remove (the steps after it depend on
 * it) comes back to the short way like this; when the budget covers every state within the
 * path's length from the initial state, the result is a shortest counterexample. The states
 * before a cut are the path's own, which fail nothing (the path failed first at its end); the
 * path returned fails as `failure` did at its end.
 */
export function shortcut<S>(system: TransitionSystem<S, EventObject>, problem: SearchProblem<S>, path: readonly number[], failure: WalkEnd, budget: { perState: number; total: number } = SHORTCUT_BUDGET): number[] {
  let best = [...path];
  let states = statesOf(system, best);
  let spent = 0;
  const fp = { hi: 0, lo: 0 };
  const keyOf = (s: S) => (fingerprintOf(system, s, fp), `${fp.hi}:${fp.lo}`);
  for (let i = 0; i < best.length - 1 && spent < budget.total; i++) {
    // the states within (path's remaining length - 1) steps of state i, breadth-first
    const limit = best.length - i - 1;
    const seen = new Set([keyOf(states[i]!)]);
    let level: { state: S; steps: number[] }[] = [{ state: states[i]!, steps: [] }];
    let found: number[] | undefined;
    for (let d = 1; d <= limit && !found && level.length > 0; d++) {
      const next: { state: S; steps: number[] }[] = [];
      for (const { state, steps } of level) {
        const events = system.enabledEvents(state);
        for (let k = 0; k < events.length && !found; k++) {
          const to = system.next(state, events[k]!);
          const key = keyOf(to);
          if (seen.has(key)) continue;
          seen.add(key);
          const taken = [...steps, k];
          if (failsAs(system, problem, to, failure)) found = taken;
          // a way that breaks another invariant first is no way to this failure
          else if (!firstViolation(problem.invariants, to)) next.push({ state: to, steps: taken });
        }
        if (found || seen.size > budget.perState) break;
      }
      if (seen.size > budget.perState) break;
      level = next;
    }
    spent += seen.size;
    if (found) {
      best = [...best.slice(0, i), ...found];
      states = statesOf(system, best);
    }
  }
  return best;
}

function statesOf<S>(system: TransitionSystem<S, EventObject>, path: readonly number[]): S[] {
  let s = system.initialState();
  const out = [s];
  for (const i of path) out.push((s = system.next(s, system.enabledEvents(s)[i]!)));
  return out;
}
