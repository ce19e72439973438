const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
/** Bytes per state of the trace links: a 4-byte parent number and a 2-byte event index. */
export const LINK_BYTES = 6;
export const MAX_EVENT_INDEX = 0xffff;

/** `TraceLinks` as data: per state, its parent's number and its event index. */
export interface TraceLinksData {
  readonly parents: Int32Array;
  readonly events: Uint16Array;
}

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

  /** The links as data: parents and event indices of states 0..size-1, in two arrays. */
  toData(): TraceLinksData {
    const parents = new Int32Array(this.count);
    const events = new Uint16Array(this.count);
    for (let c = 0; c * CHUNK < this.count; c++) {
      const n = Math.min(CHUNK, this.count - c * CHUNK);
      parents.set(this.parent[c]!.subarray(0, n), c * CHUNK);
      events.set(this.event[c]!.subarray(0, n), c * CHUNK);
    }
    return { parents, events };
  }

  /** The links `toData` saved. */
  static fromData(data: TraceLinksData): TraceLinks {
    const links = new TraceLinks();
    for (let i = 0; i < data.parents.length; i++) links.add(data.parents[i]!, data.events[i]!);
    return links;
  }

  parentOf(id: number): number {
    return this.parent[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
  eventOf(id: number): number {
    return this.event[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
}
