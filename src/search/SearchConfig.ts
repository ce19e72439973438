import { UsageError } from '../model/errors.ts';
import type { ChunkSpill } from '../store/ChunkSpill.ts';

export type Strategy = 'bfs' | 'dfs';
export const STRATEGIES: readonly Strategy[] = ['bfs', 'dfs'];

/** Options of one check, complete and frozen: nothing downstream tests for `undefined`. */
export interface SearchConfig {
  readonly strategy: Strategy;
  /** Stop (verdict incomplete) rather than store more than this many distinct states. */
  readonly maxStates: number;
  /**
   * How many distinct states the caller expects (0: no idea). The visited set is sized for
   * that many when the search starts, as SPIN's hash table is by `-w`, instead of growing on
   * the way there; a search that stores more grows it as it would without. A hint: no result
   * depends on it.
   */
  readonly expectedStates: number;
  /** Do not expand states at this depth (the initial state has depth 0). */
  readonly maxDepth: number;
  /** Stop (verdict incomplete) after this many milliseconds. */
  readonly timeLimitMs: number;
  /** Stop (verdict incomplete) once `memoryUsed()` exceeds this many bytes. */
  readonly memoryBudgetBytes: number;
  /**
   * Bytes the run uses now, as the caller measures it (the CLI passes the process's resident
   * memory); checked every `progressEvery` expansions. Default: the visited set's own bytes.
   */
  readonly memoryUsed: (() => number) | undefined;
  /**
   * Bytes of frontier data a BFS level may hold in memory before its chunks go to `spill`
   * (only for systems with a codec; without a spill the frontier stays in memory).
   */
  readonly frontierMemoryBytes: number;
  /** Makes a spill for one frontier level; injected, as the core touches no file. */
  readonly spill: (() => ChunkSpill) | undefined;
  /** Step every transition twice and fail on differing results. */
  readonly checkDeterminism: boolean;
  /** A search run (`SearchRun`) yields to its caller this often (ms); Infinity: never. */
  readonly yieldEveryMs: number;
  /** Call the observer's onProgress after every this many expanded states. */
  readonly progressEvery: number;
  /** Clock in milliseconds; injected so the core touches no global time source by itself. */
  readonly now: () => number;
}

export type PartialSearchConfig = Partial<SearchConfig>;

function positive(name: string, flag: string, value: number, allowZero = false): number {
  if (value === Infinity) return value;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UsageError(`bad value ${value} for ${flag}; allowed: a ${allowZero ? 'non-negative' : 'positive'} number (${name})`);
  }
  return value;
}

/** The most states a store numbers (its links hold parent numbers in 32-bit signed integers). */
const MOST_STATES = 2 ** 31 - 1;

function expectedStates(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MOST_STATES) {
    throw new UsageError(`bad value ${value} for --expect-states; allowed: an integer from 1 to ${MOST_STATES} (distinct states)`);
  }
  return value;
}

/** Fills the defaults and validates; bad values are usage errors naming the flag. */
export function resolveSearchConfig(partial: PartialSearchConfig = {}): SearchConfig {
  const strategy = partial.strategy ?? 'bfs';
  if (!STRATEGIES.includes(strategy)) {
    throw new UsageError(`unknown strategy '${String(strategy)}'; allowed: ${STRATEGIES.join(', ')}`);
  }
  return Object.freeze({
    strategy,
    maxStates: positive('maximum distinct states', '--max-states', partial.maxStates ?? Infinity),
    expectedStates: expectedStates(partial.expectedStates ?? 0),
    maxDepth: positive('maximum depth', '--max-depth', partial.maxDepth ?? Infinity, true),
    timeLimitMs: positive('time limit', '--time-limit', partial.timeLimitMs ?? Infinity),
    memoryBudgetBytes: positive('memory budget', '--memory', partial.memoryBudgetBytes ?? Infinity),
    memoryUsed: partial.memoryUsed,
    frontierMemoryBytes: positive('frontier memory', '--memory', partial.frontierMemoryBytes ?? Infinity),
    spill: partial.spill,
    checkDeterminism: partial.checkDeterminism ?? false,
    progressEvery: partial.progressEvery ?? 4096,
    yieldEveryMs: partial.yieldEveryMs ?? Infinity,
    now: partial.now ?? (() => Date.now()),
  });
}
