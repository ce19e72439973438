import { ModelError } from '../model/errors.ts';
import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';
import type { StateStore } from '../store/StateStore.ts';
import type { SearchObserver } from './SearchOutcome.ts';
import type { Expansion, TransitionSystem } from './TransitionSystem.ts';

/** Enabled events of `state` with their successors, through the system's fast path if it has one. */
export function expand<S, E>(system: TransitionSystem<S, E>, state: S): Expansion<S, E> {
  if (system.expand) return system.expand(state);
  const events = system.enabledEvents(state);
  // a loop, not a closure capturing `system` and `state`: V8 would allocate this function's scope
  // on every call, also where `expandInto` below inlines it and never gets here
  const states: S[] = [];
  for (let i = 0; i < events.length; i++) states.push(system.next(state, events[i]!));
  return { events, states };
}

/**
 * Enabled events of `state` and their successors written at 0 to n - 1 of `events` and
 * `states` (see `TransitionSystem.expandInto`); returns n. Through the system's `expandInto`
 * when it has one, else copied from `expand`.
 */
export function expandInto<S, E>(system: TransitionSystem<S, E>, state: S, events: E[], states: S[]): number {
  if (system.expandInto) return system.expandInto(state, events, states);
  const x = expand(system, state);
  for (let i = 0; i < x.events.length; i++) {
    events[i] = x.events[i]!;
    states[i] = x.states[i]!;
  }
  return x.events.length;
}

/** What `touchAll` read, kept, so that the reads are not optimised away. */
let touched = 0;

/**
 * Reads, one after another with nothing in between, the places in a visited set where the
 * fingerprints with the low words `los[0]` to `los[n - 1]` are looked for first (`touch`): the
 * reads do not depend on one another, so the processor waits for their cache misses at once,
 * and the adds that follow find those places cached. Changes nothing; a set that cannot
 * `touch` is left alone.
 */
export function touchAll(set: { touch?(lo: number): number }, los: readonly number[], n: number): void {
  if (set.touch === undefined) return;
  let t = touched;
  for (let i = 0; i < n; i++) t ^= set.touch(los[i]!);
  touched = t;
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

/** `storeSuccessor`'s answer for a new successor that the store, holding `maxStates`, cannot take: the search stops. */
export const STORE_FULL = -2;

/**
 * Stores `next`, the successor of state `id` (`state`) by its `i`th event `event`, fingerprinted
 * in `fp`, and tells the observer whether it was new: the new state's number, -1 when it was
 * stored already, or `STORE_FULL`. One probe in the common case: `add` refuses a fingerprint
 * already stored.
 */
export function storeSuccessor<S, E>(
  store: StateStore,
  maxStates: number,
  fp: Fingerprint,
  id: number,
  i: number,
  onSuccessor: SearchObserver<S, E>['onSuccessor'],
  state: S,
  event: E,
  next: S,
): number {
  if (store.size >= maxStates) {
    if (!store.has(fp.hi, fp.lo)) return STORE_FULL;
    onSuccessor?.(state, event, next, false);
    return -1;
  }
  const added = store.add(fp.hi, fp.lo, id, i);
  if (onSuccessor) onSuccessor(state, event, next, added);
  return added ? store.size - 1 : -1;
}
