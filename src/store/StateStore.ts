/**
 * The visited set of a search: 64-bit fingerprints (never 0:0), each state with a parent link
 * and the index of the event that led to it. States are numbered 0, 1, 2, ... in insertion
 * order; the root has parent -1. One store belongs to one run.
 */
export interface StateStore {
  /** Adds a fingerprint; returns false (and changes nothing) when it was already present. */
  add(hi: number, lo: number, parent: number, event: number): boolean;
  /** Whether a fingerprint is stored. */
  has(hi: number, lo: number): boolean;
  /**
   * Optional: reads the memory where a fingerprint with this low word is looked for first, and
   * returns what it read (a number of no meaning). Changes nothing. A search touches the
   * places of all of a state's successors before it adds any of them, so that their cache
   * misses overlap instead of each add waiting for its own.
   */
  touch?(lo: number): number;
  parentOf(id: number): number;
  eventOf(id: number): number;
  readonly size: number;
  /** Bytes of memory the store holds for its data (typed arrays), for bytes-per-state figures. */
  readonly bytes: number;
  /**
   * Makes room for this many states in all, at once, so the store does not grow on the way
   * there (a hint: a store that cannot be sized in advance ignores it, and any store holds
   * more if more come). Never shrinks.
   */
  reserve(states: number): void;
  /** The store as data (copies of its typed arrays), for a checkpoint; stores that cannot be saved leave it out. */
  toData?(): object;
}

/** What replaying a stored path reads of a store: membership and each state's links (a counterexample's view of a store held elsewhere needs no more). */
export type StoredPaths = Pick<StateStore, 'has' | 'parentOf' | 'eventOf'>;
