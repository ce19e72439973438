import { ModelError } from '../model/errors.ts';
import { fingerprintOf } from '../search/successor.ts';
import type { Fingerprint } from '../store/fingerprint.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';
import type { ReplayedStep } from './replayPath.ts';

/**
 * Re-executes a path given as event indices (each among the enabled events of the state it
 * leaves) from the initial state. `verify(state, step)` is asked of every state reached,
 * the initial one included (step 0), to fail when a run does not reproduce the search's.
 */
export function replayEvents<S, E>(system: TransitionSystem<S, E>, indices: readonly number[], verify: (state: S, step: number) => void = () => {}): ReplayedStep<S, E>[] {
  let state = system.initialState();
  const steps: ReplayedStep<S, E>[] = [{ event: undefined, eventIndex: -1, state }];
  verify(state, 0);
  for (let s = 1; s <= indices.length; s++) {
    const index = indices[s - 1]!;
    const events = system.enabledEvents(state);
    const event = events[index];
    if (event === undefined) {
      throw new ModelError(
        'nondeterminism',
        `replaying the counterexample: step ${s} needs enabled event #${index}, but only ${events.length} are enabled now; the model is not deterministic`,
      );
    }
    state = system.next(state, event);
    verify(state, s);
    steps.push({ event, eventIndex: index, state });
  }
  return steps;
}

/** A `verify` for `replayEvents` that fails, naming the step, when `ok` refuses the fingerprint of a state reached (one the search did not store, or not there). */
export function checkReplayed<S, E>(system: TransitionSystem<S, E>, ok: (fp: Fingerprint, step: number) => boolean): (state: S, step: number) => void {
  const fp = { hi: 0, lo: 0 };
  return (state, step) => {
    if (ok(fingerprintOf(system, state, fp), step)) return;
    throw new ModelError(
      'nondeterminism',
      `replaying the counterexample reached a different state at step ${step} (key ${system.key(state)}); ` +
        'the model is not deterministic: look for Math.random, Date.now, Map/Set iteration order or module-level state',
    );
  };
}
