import { ModelError } from '../model/errors.ts';
import type { SearchOutcome, SearchStats } from './SearchOutcome.ts';
import type { SearchSnapshot } from './SearchSnapshot.ts';

/**
 * A search in progress: it yields now and then (every `SearchConfig.yieldEveryMs`), so that an
 * asynchronous caller can let the event loop run (a signal handler, a progress line) and then
 * resume it with `next()`, end it with `next('stop')` (the search then returns verdict
 * incomplete, 'interrupted', with its statistics) or ask for a checkpoint with
 * `next('checkpoint')`: a breadth-first search then yields its `SearchSnapshot` and waits for
 * the next command. Its return value is the outcome.
 */
export type SearchRun = Generator<SearchSnapshot | undefined, SearchOutcome, SearchCommand>;

/** What the caller of a `SearchRun` says when it resumes it. */
export type SearchCommand = 'stop' | 'checkpoint' | undefined;

/** Runs a search to its end without ever stopping it (the synchronous searches). */
export function runToEnd(run: SearchRun): SearchOutcome {
  let r = run.next();
  while (!r.done) r = run.next();
  return r.value;
}

/**
 * Runs `body`, giving a model error it throws the statistics of the search so far (what the
 * report of an error verdict shows), unless a nested search gave it its own.
 */
export function* withStatsOnError(body: SearchRun, stats: () => SearchStats): SearchRun {
  try {
    return yield* body;
  } catch (error) {
    if (error instanceof ModelError && error.searchStats === undefined) error.searchStats = stats();
    throw error;
  }
}
