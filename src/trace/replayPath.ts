import { ModelError } from '../model/errors.ts';
import { fingerprintOf } from '../search/successor.ts';
import type { StateStore } from '../store/StateStore.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';
import { statesTo } from './pathTo.ts';

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
export function replayPath<S, E>(system: TransitionSystem<S, E>, store: StateStore, id: number): ReplayedStep<S, E>[] {
  const ids = statesTo(store, id);
  const fp = { hi: 0, lo: 0 };
  let state = system.initialState();
  const steps: ReplayedStep<S, E>[] = [{ event: undefined, eventIndex: -1, state }];
  const verify = (stepNo: number): void => {
    fingerprintOf(system, state, fp);
    if (!store.has(fp.hi, fp.lo)) {
      throw new ModelError(
        'nondeterminism',
        `replaying the counterexample reached a different state at step ${stepNo} (key ${system.key(state)}); ` +
          'the model is not deterministic: look for Math.random, Date.now, Map/Set iteration order or module-level state',
      );
    }
  };
  verify(0);
  for (let s = 1; s < ids.length; s++) {
    const index = store.eventOf(ids[s]!);
    const events = system.enabledEvents(state);
    const event = events[index];
    if (event === undefined) {
      throw new ModelError(
        'nondeterminism',
        `replaying the counterexample: step ${s} needs enabled event #${index}, but only ${events.length} are enabled now; the model is not deterministic`,
      );
    }
    state = system.next(state, event);
    verify(s);
    steps.push({ event, eventIndex: index, state });
  }
  return steps;
}
