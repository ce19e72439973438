const TWO_32 = 4294967296;
/** The `lo` word of a slot some thread has claimed and not yet filled in. */
const BUSY = -1;
/** Bytes a slot takes: the `hi` and `lo` words. */
export const SHARED_SLOT_BYTES = 8;

/**
 * A set of 64-bit fingerprints in a `SharedArrayBuffer`, added to by several threads at once:
 * the visited set of `lucheck check --workers N`. Open addressing with linear probing from the
 * home slot `lo * capacity / 2^32`, each slot two Int32 words, `hi` then `lo`, as in
 * `FingerprintSet`. It never grows: the threads only add, and whoever owns the buffer (the main
 * thread, between two levels of the search, while nobody adds) makes a bigger one, into which
 * the workers copy it (`copyRangeInto`), when it fills up. Keeping the load under 1 is the caller's business (`add` throws
 * rather than loop forever in a full table).
 *
 * A slot is written in three steps, all through `Atomics`: its `lo` word is claimed with a
 * compare-and-exchange from 0 (empty) to BUSY, then `hi` is stored, then the real `lo`. A
 * thread probing a slot reads `lo` first: 0 is an empty slot (which it tries to claim), BUSY
 * one being written (it spins until `lo` changes), anything else a finished slot whose `hi`,
 * stored before that `lo`, it then reads. A slot once claimed never changes again, and the
 * threads adding one fingerprint walk the same probe sequence, so exactly one of them claims a
 * slot for it and `add` returns true exactly once per fingerprint across all threads.
 *
 * For that, a stored `lo` word is never 0 nor BUSY: a fingerprint whose low half is 0 or
 * 0xffffffff is kept with low half 1 (`loWord`). It then shares its slot with the fingerprint
 * of the same high half and low half 1, one more way for two states to collide, each with
 * probability about 2^-64 per pair, well within the estimate the reports give.
 */
export class SharedFingerprintSet {
  readonly capacity: number;
  private readonly words: Int32Array;
  private readonly scale: number;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
    this.capacity = this.words.length >>> 1;
    if (this.capacity < 1) throw new RangeError('SharedFingerprintSet: the buffer holds no slot');
    this.scale = this.capacity / TWO_32;
  }

  /** A new, empty set of `slots` slots. */
  static allocate(slots: number): SharedFingerprintSet {
    return new SharedFingerprintSet(new SharedArrayBuffer(Math.max(1, Math.ceil(slots)) * SHARED_SLOT_BYTES));
  }

  /** The `lo` word a fingerprint is stored under: its low half, but never 0 nor BUSY. */
  static loWord(lo: number): number {
    lo |= 0;
    return lo === 0 || lo === BUSY ? 1 : lo;
  }

  /** Bytes of the slot array. */
  get bytes(): number {
    return this.words.byteLength;
  }

  /**
   * Adds a fingerprint; true for exactly one of the calls (in any thread) that add it, false
   * for the others. Throws when the set is full and the fingerprint is not in it.
   */
  add(hi: number, lo: number): boolean {
    hi |= 0;
    lo = SharedFingerprintSet.loWord(lo);
    const words = this.words;
    const cap = this.capacity;
    let i = ((lo >>> 0) * this.scale) | 0;
    for (let probes = 0; probes < cap; probes++) {
      const at = 2 * i + 1;
      let l = Atomics.load(words, at);
      if (l === 0) {
        l = Atomics.compareExchange(words, at, 0, BUSY);
        if (l === 0) {
          Atomics.store(words, at - 1, hi);
          Atomics.store(words, at, lo);
          return true;
        }
      }
      while (l === BUSY) l = Atomics.load(words, at);
      if (l === lo && Atomics.load(words, at - 1) === hi) return false;
      if (++i === cap) i = 0;
    }
    throw new RangeError(`SharedFingerprintSet: all ${cap} slots are taken`);
  }

  /**
   * Reads the home slot's `lo` word of a fingerprint with this low word, without `Atomics` (a
   * hint that brings it into the cache, as `StateStore.touch`; what it returns means nothing).
   */
  touch(lo: number): number {
    return this.words[2 * ((((SharedFingerprintSet.loWord(lo) >>> 0) * this.scale) | 0)) + 1]!;
  }

  has(hi: number, lo: number): boolean {
    hi |= 0;
    lo = SharedFingerprintSet.loWord(lo);
    const words = this.words;
    const cap = this.capacity;
    let i = ((lo >>> 0) * this.scale) | 0;
    for (let probes = 0; probes < cap; probes++) {
      const at = 2 * i + 1;
      let l = Atomics.load(words, at);
      if (l === 0) return false;
      while (l === BUSY) l = Atomics.load(words, at);
      if (l === lo && Atomics.load(words, at - 1) === hi) return true;
      if (++i === cap) i = 0;
    }
    return false;
  }

  /** Fingerprints held (a scan of the slots: for when nobody adds). */
  count(): number {
    let n = 0;
    for (let j = 1; j < this.words.length; j += 2) if (this.words[j] !== 0) n++;
    return n;
  }

  /**
   * Adds the fingerprints of slots `start` to `end` (exclusive) of this set to `to` (a bigger
   * one), through `to.add`: several threads may copy their ranges at once, while nobody adds to
   * this set. Home slots follow the `lo` word, so each range fills its own stretch of `to`.
   */
  copyRangeInto(to: SharedFingerprintSet, start: number, end: number): void {
    const words = this.words;
    for (let j = 2 * start + 1; j < 2 * end; j += 2) {
      const lo = words[j]!;
      if (lo !== 0) to.add(words[j - 1]!, lo);
    }
  }
}
