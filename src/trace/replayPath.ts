import type { StoredPaths } from '../store/StateStore.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';
import { pathTo } from './pathTo.ts';
import { replayEvents, checkReplayed } from './replayEvents.ts';

/** One step of a replayed path: the event taken (none for the initial state) and the state reached. */
export interface ReplayedStep<S, E> {
  readonly event: E | undefined;
  readonly eventIndex: number;
  readonly state: S;
}

/**
 * Rebuilds the states on the path to `id` by re-executing the stored event indices from the
 * initial state, and checks that every state reached is in the visited set (the store keeps no
 * fingerprint per state number, so membership is what can be checked). A state the search
 * never stored means the model is not deterministic: a `ModelError` names the step and the usual
 * causes, as a replayed counterexample would otherwise silently show a different run.
 */
export function replayPath<S, E>(system: TransitionSystem<S, E>, store: StoredPaths, id: number): ReplayedStep<S, E>[] {
  return replayEvents(system, pathTo(store, id), checkReplayed(system, (fp) => store.has(fp.hi, fp.lo)));
}
