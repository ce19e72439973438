import { ModelError } from '../model/errors.ts';
import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';
import type { Expansion, TransitionSystem } from './TransitionSystem.ts';

/** Enabled events of `state` with their successors, through the system's fast path if it has one. */
export function expand<S, E>(system: TransitionSystem<S, E>, state: S): Expansion<S, E> {
  if (system.expand) return system.expand(state);
  const events = system.enabledEvents(state);
  return { events, states: events.map((e) => system.next(state, e)) };
}

/**
 * Fingerprints `next`, the successor of `state` by `event`, into `fp`. With `twice`, steps
 * `state` by `event` again through `next()` and fails with a `ModelError` when the results
 * differ (nondeterminism).
 */
export function fingerprintSuccessor<S, E>(
  system: TransitionSystem<S, E>,
  state: S,
  event: E,
  next: S,
  fp: Fingerprint,
  twice: boolean,
): void {
  if (twice) {
    const key = system.key(next);
    const again = system.key(system.next(state, event));
    if (again !== key) {
      throw new ModelError(
        'nondeterminism',
        `the same transition gave two different states (event ${JSON.stringify(event)} from ${system.key(state)}): ` +
          `${key} then ${again}; look for Math.random, Date.now, Map/Set iteration order or module-level state in guards and actions`,
      );
    }
  }
  fingerprintOf(system, next, fp);
}

/** The fingerprint of a state: the system's own fast path, or a hash of its key. */
export function fingerprintOf<S, E>(system: TransitionSystem<S, E>, state: S, fp: Fingerprint): Fingerprint {
  if (system.fingerprint) system.fingerprint(state, fp);
  else fingerprint64(system.key(state), fp);
  return fp;
}
