/** A `FingerprintSet` as data: its slot array (hi, lo per slot; its length fixes the capacity) and how many it holds. */
export interface FingerprintSetData {
  readonly slots: Uint32Array;
  readonly count: number;
}

const MAX_LOAD = 0.75;
const GROWTH = 1.5;
const TWO_32 = 4294967296;

/** The slots a set of `FingerprintSet`'s load needs to hold `states` fingerprints without growing. */
export function slotsFor(states: number): number {
  return Math.floor(states / MAX_LOAD) + 1;
}

/**
 * A set of 64-bit fingerprints (never 0:0) on one typed array: each slot holds hi and lo side
 * by side, so a probe touches one cache line, and 0:0 marks an empty slot. Open addressing with
 * linear probing from the home slot `lo * capacity / 2^32`, so the capacity need not be a power
 * of two: it grows by 1.5x when the load passes 3/4, which keeps the load between 1/2 and 3/4,
 * 10.7 to 16 bytes a fingerprint. TLC's fingerprint set is built the same way. The visited set
 * of `FingerprintTable` (the parallel search shares a `SharedFingerprintSet` instead).
 */
export class FingerprintSet {
  private slots: Uint32Array;
  private capacity: number;
  private scale: number;
  private limit: number;
  private count = 0;

  constructor(initialSlots = 1 << 12) {
    this.capacity = Math.max(16, Math.ceil(initialSlots));
    this.slots = new Uint32Array(2 * this.capacity);
    this.scale = this.capacity / TWO_32;
    this.limit = Math.floor(MAX_LOAD * this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes of the slot array. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  has(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    const slots = this.slots;
    const cap = this.capacity;
    let i = (lo * this.scale) | 0;
    for (;;) {
      const l = slots[2 * i + 1]!;
      const h = slots[2 * i]!;
      if (l === lo && h === hi) return true;
      if (l === 0 && h === 0) return false;
      if (++i === cap) i = 0;
    }
  }

  /** Reads the home slot of a fingerprint with this low word (see `StateStore.touch`). */
  touch(lo: number): number {
    return this.slots[2 * (((lo >>> 0) * this.scale) | 0) + 1]!;
  }

  /** Adds a fingerprint; false (and nothing changes) when it was already there. */
  add(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    const slots = this.slots;
    const cap = this.capacity;
    let i = (lo * this.scale) | 0;
    for (;;) {
      const l = slots[2 * i + 1]!;
      const h = slots[2 * i]!;
      if (l === lo && h === hi) return false;
      if (l === 0 && h === 0) break;
      if (++i === cap) i = 0;
    }
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    if (++this.count > this.limit) this.grow();
    return true;
  }

  /**
   * Makes room for `states` fingerprints in all, in one step, so that the set does not grow
   * again until it holds more (as SPIN's hash table is sized by `-w`): the growths on the way
   * there, each rehashing the whole set into a table 1.5 times as large, are not made. Never
   * shrinks the set.
   */
  reserve(states: number): void {
    if (states > this.limit) this.resize(slotsFor(states));
  }

  /** The set as data (a copy of its slots), for a checkpoint. */
  toData(): FingerprintSetData {
    return { slots: this.slots.slice(), count: this.count };
  }

  /** The set `toData` saved. */
  static fromData(data: FingerprintSetData): FingerprintSet {
    const set = new FingerprintSet(16);
    set.capacity = data.slots.length / 2;
    set.slots = data.slots;
    set.scale = set.capacity / TWO_32;
    set.limit = Math.floor(MAX_LOAD * set.capacity);
    set.count = data.count;
    return set;
  }

  private grow(): void {
    this.resize(Math.ceil(this.capacity * GROWTH));
  }

  private resize(cap: number): void {
    const old = this.slots;
    const slots = new Uint32Array(2 * cap);
    const scale = cap / TWO_32;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = (lo * scale) | 0;
      while (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) if (++i === cap) i = 0;
      slots[2 * i] = hi;
      slots[2 * i + 1] = lo;
    }
    this.slots = slots;
    this.capacity = cap;
    this.scale = scale;
    this.limit = Math.floor(MAX_LOAD * cap);
  }
}
