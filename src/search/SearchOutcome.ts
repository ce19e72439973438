import type { StateStore } from '../store/StateStore.ts';

/** Counters of a search. */
export interface SearchStats {
  /** Distinct states stored. */
  distinct: number;
  /** Successor states computed (including revisits). */
  generated: number;
  /** Deepest level reached (the initial state is depth 0). */
  maxDepth: number;
  /** States waiting to be expanded. */
  queue: number;
  elapsedMs: number;
  /** Bytes held by the visited-set store. */
  storeBytes: number;
  /** Bytes of frontier data written to disk (0 when it all fit in memory). */
  spilledBytes?: number;
}

/** A named predicate over the states of a `TransitionSystem`. */
export interface StatePredicate<S> {
  readonly id: string;
  check(state: S): true | string;
}

/** Why a search stopped short: a bound, or its caller stopped it ('interrupted': SIGINT or SIGTERM). */
export type IncompleteReason = 'max-states' | 'max-depth' | 'time-limit' | 'memory' | 'interrupted';

/** What a search found; the state numbers refer to `store`. Pure data. */
export type SearchOutcome =
  | { kind: 'pass'; stats: SearchStats; store: StateStore }
  | { kind: 'violation'; stats: SearchStats; store: StateStore; stateId: number; invariantId: string; message: string }
  | { kind: 'deadlock'; stats: SearchStats; store: StateStore; stateId: number }
  | { kind: 'incomplete'; stats: SearchStats; store: StateStore; reason: IncompleteReason };

/** Receives progress from a running search; the caller decides how often to show it. */
export interface SearchObserver<S = never, E = never> {
  onProgress?(stats: Readonly<SearchStats>): void;
  /** Every successor generated, in order: `isNew` when it was not stored before (coverage). */
  onSuccessor?(from: S, event: E, to: S, isNew: boolean): void;
  /** The initial state, once, before any successor. */
  onInitial?(state: S): void;
}

/** What a search needs besides the system: the invariants and which states may stop. */
export interface SearchProblem<S> {
  readonly invariants: readonly StatePredicate<S>[];
  isFinal(state: S): boolean;
}
