import { slotsFor } from './FingerprintSet.ts';

/** An `IndexedFingerprintSet` as data: its (hi, lo, number) slots and how many it holds. */
export interface IndexedFingerprintSetData {
  readonly slots: Uint32Array;
  readonly count: number;
}

const MAX_LOAD = 0.75; // as FingerprintSet's, whose slotsFor sizes `reserve`
const TWO_32 = 4294967296;

/**
 * A map from 64-bit fingerprints (never 0:0) to state numbers 0, 1, 2, ... in insertion order,
 * on one typed array of (hi, lo, number) slots: open addressing with linear probing from the
 * same home slot as `FingerprintSet` (whose slots have no room for a number, and whose probe
 * loop is the search's hot path, left as it is), doubling at 3/4 load (16 to 24 bytes a state). The liveness check needs the
 * number of a successor already stored, which `FingerprintSet` does not keep, to record the
 * edges of the state graph.
 */
export class IndexedFingerprintSet {
  private slots: Uint32Array;
  private capacity: number;
  private scale: number;
  private limit: number;
  private count = 0;

  constructor(initialSlots = 1 << 12) {
    this.capacity = Math.max(16, initialSlots);
    this.slots = new Uint32Array(3 * this.capacity);
    this.scale = this.capacity / TWO_32;
    this.limit = Math.floor(MAX_LOAD * this.capacity);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  /** The number of a stored fingerprint, or -1. */
  find(hi: number, lo: number): number {
    const i = this.slotOf(hi >>> 0, lo >>> 0);
    return this.slots[3 * i] === 0 && this.slots[3 * i + 1] === 0 ? -1 : this.slots[3 * i + 2]!;
  }

  /** The number of the fingerprint, stored now with the next number (`size` before the call) if it was not there. */
  findOrAdd(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const i = this.slotOf(hi, lo);
    const slots = this.slots;
    if (slots[3 * i] !== 0 || slots[3 * i + 1] !== 0) return slots[3 * i + 2]!;
    const id = this.count;
    slots[3 * i] = hi;
    slots[3 * i + 1] = lo;
    slots[3 * i + 2] = id;
    if (++this.count > this.limit) this.grow();
    return id;
  }

  /** The slot that holds the fingerprint (unsigned halves), or the empty slot where it would go. */
  private slotOf(hi: number, lo: number): number {
    const slots = this.slots;
    let i = (lo * this.scale) | 0;
    for (;;) {
      const h = slots[3 * i]!;
      const l = slots[3 * i + 1]!;
      if ((h === hi && l === lo) || (h === 0 && l === 0)) return i;
      if (++i === this.capacity) i = 0;
    }
  }

  /** Makes room for `states` fingerprints in all, in one step (as `FingerprintSet.reserve`); never shrinks. */
  reserve(states: number): void {
    if (states > this.limit) this.resize(slotsFor(states));
  }

  /** The set as data (a copy of its slots), for a checkpoint. */
  toData(): IndexedFingerprintSetData {
    return { slots: this.slots.slice(), count: this.count };
  }

  /** The set `toData` saved. */
  static fromData(data: IndexedFingerprintSetData): IndexedFingerprintSet {
    const set = new IndexedFingerprintSet(16);
    set.capacity = data.slots.length / 3;
    set.slots = data.slots;
    set.scale = set.capacity / TWO_32;
    set.limit = Math.floor(MAX_LOAD * set.capacity);
    set.count = data.count;
    return set;
  }

  private grow(): void {
    this.resize(this.capacity * 2);
  }

  private resize(cap: number): void {
    const old = this.slots;
    const slots = new Uint32Array(3 * cap);
    const scale = cap / TWO_32;
    for (let j = 0; j < old.length; j += 3) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = (lo * scale) | 0;
      while (slots[3 * i] !== 0 || slots[3 * i + 1] !== 0) if (++i === cap) i = 0;
      slots[3 * i] = hi;
      slots[3 * i + 1] = lo;
      slots[3 * i + 2] = old[j + 2]!;
    }
    this.slots = slots;
    this.capacity = cap;
    this.scale = scale;
    this.limit = Math.floor(MAX_LOAD * cap);
  }
}
