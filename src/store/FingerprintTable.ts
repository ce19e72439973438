import type { StateStore } from './StateStore.ts';

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const MAX_LOAD = 0.75;
const GROWTH = 1.5;
const TWO_32 = 4294967296;
/** Bytes per state of the trace links: a 4-byte parent number and a 2-byte event index. */
export const LINK_BYTES = 6;
export const MAX_EVENT_INDEX = 0xffff;

/**
 * Open-addressing fingerprint table on typed arrays, for hundreds of millions of states.
 *
 * The visited set is the slot array itself: each slot holds a 64-bit fingerprint (hi and lo
 * side by side, so a probe touches one cache line; 0:0 marks an empty slot, and no fingerprint
 * is 0:0). The home slot is `lo * capacity / 2^32`, so the capacity need not be a power of two:
 * it grows by 1.5x when the load passes 3/4, which keeps the load between 1/2 and 3/4, that is
 * 10.7 to 16 bytes per state. TLC's fingerprint set is built the same way.
 *
 * States are numbered 0, 1, 2, ... in insertion order; the trace links (parent number and event
 * index, 6 bytes a state) live in fixed-size chunks beside the set, so growing never copies
 * them. A state's own fingerprint is not kept by number: a trace is rebuilt by replaying event
 * indices from the initial state, and each replayed state is checked for membership.
 */
export class FingerprintTable implements StateStore {
  private slots: Uint32Array;
  private capacity: number;
  private scale: number;
  private limit: number;
  private readonly parent: Int32Array[] = [];
  private readonly event: Uint16Array[] = [];
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

  /** Bytes of the visited set (the slot array). */
  get setBytes(): number {
    return this.slots.byteLength;
  }

  get bytes(): number {
    return this.slots.byteLength + this.parent.length * CHUNK * LINK_BYTES;
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

  add(hi: number, lo: number, parent: number, event: number): boolean {
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
    if (event > MAX_EVENT_INDEX || event < 0) throw new RangeError(`event index ${event} is outside 0..${MAX_EVENT_INDEX}: no state may have more than ${MAX_EVENT_INDEX + 1} enabled events`);
    const id = this.count;
    const c = id >>> CHUNK_BITS;
    if (c === this.parent.length) {
      this.parent.push(new Int32Array(CHUNK));
      this.event.push(new Uint16Array(CHUNK));
    }
    this.parent[c]![id & CHUNK_MASK] = parent;
    this.event[c]![id & CHUNK_MASK] = event;
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    this.count = id + 1;
    if (this.count > this.limit) this.grow();
    return true;
  }

  parentOf(id: number): number {
    return this.parent[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
  eventOf(id: number): number {
    return this.event[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  private grow(): void {
    const old = this.slots;
    const cap = Math.ceil(this.capacity * GROWTH);
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
