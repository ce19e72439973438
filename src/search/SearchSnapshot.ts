import type { FingerprintTableData } from '../store/FingerprintTable.ts';
import type { GraphStoreData } from '../liveness/GraphStore.ts';
import type { ValueQueueData } from '../store/ValueQueue.ts';
import type { SearchStats } from './SearchOutcome.ts';

/**
 * A breadth-first search stopped between two expansions, as data: what a checkpoint holds and a
 * resumed search starts from. The visited set and trace links, the rest of the level being
 * expanded and the next level so far (their states written with the system's `wireCodec`, which
 * names configurations by text, so another process of the same system reads them), the counters,
 * and where the level stands. A search resumed from it ends with the states, transitions and
 * verdict of one never stopped.
 */
export interface SearchSnapshot {
  /** The depth of the level being expanded. */
  readonly depth: number;
  readonly stats: SearchStats;
  /** States expanded so far (progress is reported on multiples of `progressEvery`). */
  readonly expanded: number;
  /** Whether --max-depth has left a state unexpanded. */
  readonly truncated: boolean;
  /** The visited set: a `FingerprintTable`'s, or the state graph of a check with temporal properties (`GraphStore`). */
  readonly store: FingerprintTableData | GraphStoreData;
  /** The states of the current level not yet expanded, each its number then its state. */
  readonly current: ValueQueueData;
  /** The states of the next level found so far. */
  readonly next: ValueQueueData;
}
