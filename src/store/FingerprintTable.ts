import type { StateStore } from './StateStore.ts';

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const MAX_LOAD = 0.75;

/**
 * Open-addressing fingerprint table on typed arrays, for millions of states.
 *
 * Layout: per state, 16 bytes in fixed-size chunks (fingerprint hi and lo, parent, event
 * index), so growing never copies them and never over-allocates more than one chunk; plus a
 * slot array of state numbers (4 bytes a slot, linear probing on the low fingerprint bits),
 * doubled and rehashed when the load passes 3/4. That is 16 + 5.3..10.7 bytes per state,
 * with no cap at 2^24 entries as a JS Map or Set has.
 */
export class FingerprintTable implements StateStore {
  private slots: Int32Array; // state number + 1; 0 = empty
  private mask: number;
  private readonly hi: Uint32Array[] = [];
  private readonly lo: Uint32Array[] = [];
  private readonly parent: Int32Array[] = [];
  private readonly event: Uint32Array[] = [];
  private count = 0;

  constructor(initialSlots = 1 << 12) {
    let cap = 16;
    while (cap < initialSlots) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.slots.byteLength + this.hi.length * CHUNK * 16;
  }

  find(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const slots = this.slots;
    let i = lo & this.mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) return -1;
      const id = s - 1;
      if (this.lo[id >>> CHUNK_BITS]![id & CHUNK_MASK] === lo && this.hi[id >>> CHUNK_BITS]![id & CHUNK_MASK] === hi) return id;
      i = (i + 1) & this.mask;
    }
  }

  add(hi: number, lo: number, parent: number, event: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    const slots = this.slots;
    const mask = this.mask;
    let i = lo & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) break;
      const id = s - 1;
      if (this.lo[id >>> CHUNK_BITS]![id & CHUNK_MASK] === lo && this.hi[id >>> CHUNK_BITS]![id & CHUNK_MASK] === hi) return false;
      i = (i + 1) & mask;
    }
    const id = this.count;
    const c = id >>> CHUNK_BITS;
    if (c === this.hi.length) {
      this.hi.push(new Uint32Array(CHUNK));
      this.lo.push(new Uint32Array(CHUNK));
      this.parent.push(new Int32Array(CHUNK));
      this.event.push(new Uint32Array(CHUNK));
    }
    const o = id & CHUNK_MASK;
    this.hi[c]![o] = hi;
    this.lo[c]![o] = lo;
    this.parent[c]![o] = parent;
    this.event[c]![o] = event;
    slots[i] = id + 1;
    this.count = id + 1;
    if (this.count > MAX_LOAD * slots.length) this.grow();
    return true;
  }

  parentOf(id: number): number {
    return this.parent[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
  eventOf(id: number): number {
    return this.event[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
  hiOf(id: number): number {
    return this.hi[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
  loOf(id: number): number {
    return this.lo[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let id = 0; id < this.count; id++) {
      let i = this.lo[id >>> CHUNK_BITS]![id & CHUNK_MASK]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
