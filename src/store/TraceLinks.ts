const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
/** Bytes per state of the trace links: a 4-byte parent number and a 2-byte event index. */
export const LINK_BYTES = 6;
export const MAX_EVENT_INDEX = 0xffff;

/** Refuses an event index the links cannot hold, before anything is stored. */
export function checkEventIndex(event: number): void {
  if (event > MAX_EVENT_INDEX || event < 0) throw new RangeError(`event index ${event} is outside 0..${MAX_EVENT_INDEX}: no state may have more than ${MAX_EVENT_INDEX + 1} enabled events`);
}

/**
 * The trace links of states numbered 0, 1, 2, ... in the order they were added: each state's
 * parent number and event index, 6 bytes a state in fixed-size chunks (growing never copies
 * them). Beside the visited set of `FingerprintTable`, and per thread in the parallel search,
 * whose visited set the threads share.
 */
export class TraceLinks {
  private readonly parent: Int32Array[] = [];
  private readonly event: Uint16Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.parent.length * CHUNK * LINK_BYTES;
  }

  /** Adds a state's links; its number. */
  add(parent: number, event: number): number {
    checkEventIndex(event);
    const id = this.count++;
    const c = id >>> CHUNK_BITS;
    if (c === this.parent.length) {
      this.parent.push(new Int32Array(CHUNK));
      this.event.push(new Uint16Array(CHUNK));
    }
    this.parent[c]![id & CHUNK_MASK] = parent;
    this.event[c]![id & CHUNK_MASK] = event;
    return id;
  }

  parentOf(id: number): number {
    return this.parent[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
  eventOf(id: number): number {
    return this.event[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
}
