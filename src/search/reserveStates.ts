import { UsageError } from '../model/errors.ts';
import type { StateStore } from '../store/StateStore.ts';
import type { SearchConfig } from './SearchConfig.ts';

/**
 * Sizes a search's store for the states its config expects (`expectedStates`, no more than its
 * `maxStates`), once, before the search stores anything new: a fresh store, or the one a
 * checkpoint saved; a partition of a search split `parts` ways, for its share. A store this
 * process cannot allocate is a usage error naming the flag, not a crash in the middle of the
 * search's first state.
 */
export function reserveStates(store: StateStore, config: Pick<SearchConfig, 'expectedStates' | 'maxStates'>, parts = 1): void {
  const states = Math.ceil(Math.min(config.expectedStates, config.maxStates) / parts);
  if (states <= store.size) return;
  try {
    store.reserve(states);
  } catch (error) {
    throw unallocated(error, config.expectedStates, 'a visited set');
  }
}

/** What to throw when a set sized for `--expect-states` could not be made: a usage error naming the flag for a failed allocation (a `RangeError`), anything else as it was. */
export function unallocated(error: unknown, expectedStates: number, what: string): unknown {
  if (!(error instanceof RangeError)) return error;
  return new UsageError(`--expect-states ${expectedStates}: this process could not allocate ${what} for that many states (${error.message}); allowed: a smaller number, or none`);
}
