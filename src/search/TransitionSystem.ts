import type { Fingerprint } from '../store/fingerprint.ts';
import type { ValueLanes } from '../store/ValueLanes.ts';

/**
 * A finite nondeterministic system that the search explores.
 *
 * Contract: every method is pure and deterministic. Equal inputs give equal outputs, in equal
 * order, because counterexamples are stored as indices into `enabledEvents` and rebuilt by
 * replaying them. The xstate adapter is one implementation; a faster, compiled one can be
 * dropped in without touching the search.
 */
export interface TransitionSystem<S, E> {
  /** The initial state (index 0 of every replay path). */
  initialState(): S;
  /** Events enabled in `state`, in a deterministic order. */
  enabledEvents(state: S): readonly E[];
  /** The successor of `state` under `event`; only called with an enabled event. */
  next(state: S, event: E): S;
  /** Canonical key of `state`: equal states have equal keys, different states different keys. */
  key(state: S): string;
  /**
   * Optional fast path: the state's 64-bit fingerprint without building its key. Contract: a
   * function of `key(state)` alone (equal keys, equal fingerprints), written into `out`.
   * Without it the search hashes `key(state)`.
   */
  fingerprint?(state: S, out: Fingerprint): void;
  /**
   * Optional fast path: the enabled events of `state` (exactly `enabledEvents(state)`) with
   * their successors (exactly `next(state, event)` for each), in one pass. Adapters implement
   * it when deciding enabledness already computes the successor.
   */
  expand?(state: S): Expansion<S, E>;
  /**
   * Optional fast path: `expand` into the caller's arrays, for a search that takes one state's
   * successors at a time: writes the enabled events at indices 0 to n - 1 of `events` and
   * their successors at the same indices of `states`, and returns n. What the arrays hold from
   * index n on is left as it was. The search reuses two arrays for every state, so no array
   * (nor result object) is made per state expanded.
   */
  expandInto?(state: S, events: E[], states: S[]): number;
  /**
   * Optional: writes states into a `ValueQueue` or a `ValueStack` and reads them back, so that
   * the BFS frontier and the DFS stack are held as compact data instead of live objects (the
   * stack reads its last record first, and makes `writeSlot` write each record whole for that).
   * Contract: a state read back behaves exactly as the one written (same key, same events, same
   * successors, same invariant results).
   */
  readonly codec?: StateCodec<S>;
  /**
   * Optional: a codec whose records mean the same in another instance of the same system (same
   * model, same parameters, another thread): it refers to nothing numbered by this instance
   * (`codec` may write, e.g., configuration numbers in the order this instance met them), only
   * to the queue's `ValueDictionary`, which the reader rebuilds from the writer's. For the
   * parallel search, which moves states between workers.
   */
  readonly wireCodec?: StateCodec<S>;
  /**
   * Optional, for coverage: the statechart transitions that `event` takes in `state` (one per
   * region at most, then any eventless ones that settle after them), named as the chart
   * declares them. `next`, when given, is the successor already computed, which a system may
   * have noted them on.
   */
  takenTransitions?(state: S, event: E, next?: S): readonly TransitionRef[];
  /** Optional, for coverage: the ids of the state nodes active in `state`. */
  activeStates?(state: S): readonly string[];
}

/** A transition as the statechart declares it: `event` on node `source`, its `candidate`-th handler. */
export interface TransitionRef {
  readonly source: string;
  /** The event type ('' for an eventless `always` transition). */
  readonly event: string;
  readonly candidate: number;
}

export interface StateCodec<S> {
  write(state: S, queue: ValueLanes): void;
  read(queue: ValueLanes): S;
}

/** Enabled events and their successors, index for index. */
export interface Expansion<S, E> {
  readonly events: readonly E[];
  readonly states: readonly S[];
}
