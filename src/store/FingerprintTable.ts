import type { StateStore } from './StateStore.ts';
import { FingerprintSet } from './FingerprintSet.ts';

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
/** Bytes per state of the trace links: a 4-byte parent number and a 2-byte event index. */
export const LINK_BYTES = 6;
export const MAX_EVENT_INDEX = 0xffff;

/**
 * The visited set of a search, for hundreds of millions of states: a `FingerprintSet` (10.7 to
 * 16 bytes a state) and, beside it, the trace links. States are numbered 0, 1, 2, ... in
 * insertion order; the links (parent number and event index, 6 bytes a state) live in
 * fixed-size chunks, so growing never copies them. A state's own fingerprint is not kept by
 * number: a trace is rebuilt by replaying event indices from the initial state, and each
 * replayed state is checked for membership.
 */
export class FingerprintTable implements StateStore {
  private readonly set: FingerprintSet;
  private readonly parent: Int32Array[] = [];
  private readonly event: Uint16Array[] = [];

  constructor(initialSlots = 1 << 12) {
    this.set = new FingerprintSet(initialSlots);
  }

  get size(): number {
    return this.set.size;
  }

  /** Bytes of the visited set (the slot array). */
  get setBytes(): number {
    return this.set.bytes;
  }

  get bytes(): number {
    return this.set.bytes + this.parent.length * CHUNK * LINK_BYTES;
  }

  has(hi: number, lo: number): boolean {
    return this.set.has(hi, lo);
  }

  add(hi: number, lo: number, parent: number, event: number): boolean {
    if (event > MAX_EVENT_INDEX || event < 0) throw new RangeError(`event index ${event} is outside 0..${MAX_EVENT_INDEX}: no state may have more than ${MAX_EVENT_INDEX + 1} enabled events`);
    if (!this.set.add(hi, lo)) return false;
    const id = this.set.size - 1;
    const c = id >>> CHUNK_BITS;
    if (c === this.parent.length) {
      this.parent.push(new Int32Array(CHUNK));
      this.event.push(new Uint16Array(CHUNK));
    }
    this.parent[c]![id & CHUNK_MASK] = parent;
    this.event[c]![id & CHUNK_MASK] = event;
    return true;
  }

  parentOf(id: number): number {
    return this.parent[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
  eventOf(id: number): number {
    return this.event[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
}
