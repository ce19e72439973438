import { ModelError } from '../model/errors.ts';
import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';
import type { TransitionSystem } from './TransitionSystem.ts';

/**
 * Steps `state` by `event` and fingerprints the result into `fp`. With `twice`, steps a second
 * time and fails with a `ModelError` when the two results differ (nondeterminism).
 */
export function successor<S, E>(
  system: TransitionSystem<S, E>,
  state: S,
  event: E,
  fp: Fingerprint,
  twice: boolean,
): S {
  const next = system.next(state, event);
  const key = system.key(next);
  if (twice) {
    const again = system.key(system.next(state, event));
    if (again !== key) {
      throw new ModelError(
        'nondeterminism',
        `the same transition gave two different states (event ${JSON.stringify(event)} from ${system.key(state)}): ` +
          `${key} then ${again}; look for Math.random, Date.now, Map/Set iteration order or module-level state in guards and actions`,
      );
    }
  }
  fingerprint64(key, fp);
  return next;
}
