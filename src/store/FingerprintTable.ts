import type { StateStore } from './StateStore.ts';
import { FingerprintSet, type FingerprintSetData } from './FingerprintSet.ts';
import { TraceLinks, checkEventIndex, type TraceLinksData } from './TraceLinks.ts';

/** A `FingerprintTable` as data: its set and its links. */
export interface FingerprintTableData {
  readonly set: FingerprintSetData;
  readonly links: TraceLinksData;
}

/**
 * The visited set of a search, for hundreds of millions of states: a `FingerprintSet` (10.7 to
 * 16 bytes a state) and, beside it, the `TraceLinks` (parent number and event index, 6 bytes a
 * state). States are numbered 0, 1, 2, ... in insertion order. A state's own fingerprint is not
 * kept by number: a trace is rebuilt by replaying event indices from the initial state, and
 * each replayed state is checked for membership.
 */
export class FingerprintTable implements StateStore {
  private readonly set: FingerprintSet;
  private readonly links: TraceLinks;

  constructor(initialSlots = 1 << 12, saved?: FingerprintTableData) {
    this.set = saved ? FingerprintSet.fromData(saved.set) : new FingerprintSet(initialSlots);
    this.links = saved ? TraceLinks.fromData(saved.links) : new TraceLinks();
    if (this.set.size !== this.links.size) throw new Error(`a saved visited set of ${this.set.size} states with links for ${this.links.size}`);
  }

  /** The table as data (copies), for a checkpoint; `new FingerprintTable(0, data)` makes it again. */
  toData(): FingerprintTableData {
    return { set: this.set.toData(), links: this.links.toData() };
  }

  get size(): number {
    return this.set.size;
  }

  /** Bytes of the visited set (the slot array). */
  get setBytes(): number {
    return this.set.bytes;
  }

  get bytes(): number {
    return this.set.bytes + this.links.bytes;
  }

  /** Sizes the visited set for `states` at once; the links grow by fixed chunks, never copied, so they need no hint. */
  reserve(states: number): void {
    this.set.reserve(states);
  }

  has(hi: number, lo: number): boolean {
    return this.set.has(hi, lo);
  }

  touch(lo: number): number {
    return this.set.touch(lo);
  }

  add(hi: number, lo: number, parent: number, event: number): boolean {
    checkEventIndex(event); // before the set changes
    if (!this.set.add(hi, lo)) return false;
    this.links.add(parent, event);
    return true;
  }

  parentOf(id: number): number {
    return this.links.parentOf(id);
  }
  eventOf(id: number): number {
    return this.links.eventOf(id);
  }
}
