/** The bytes of released chunks a pool keeps, both lanes together, unless it is told otherwise. */
const DEFAULT_MOST_BYTES = 4 * 2 ** 20;

/** The index of a power of two's list: its log2. */
const log2 = (length: number): number => 31 - Math.clz32(length);
const isPowerOfTwo = (length: number): boolean => length > 0 && (length & (length - 1)) === 0;

/**
 * Chunks that a `ValueQueue` has read to the end, kept for the next queue to write into: one
 * pool for the levels of one breadth-first search, in one thread. A level's chunks are released
 * as the level is read while the next level is being written, so a few kept chunks stand in for
 * a new typed array each (a chunk of 32,768 float64s is 256 KiB of fresh, zeroed memory). A
 * chunk allocated anew instead outlives the young generation's collections while its level
 * waits, and its memory comes back only at the next full collection.
 *
 * A chunk comes back with the data of its last use; the queue writes every item before it
 * reads it. At most `mostBytes` are kept; a chunk past that is left to the collector.
 */
export class ChunkPool {
  // Chunks by lane, then by the log2 of their length (a queue's chunks are powers of two long).
  private readonly bytes: Uint8Array[][] = [];
  private readonly numbers: Float64Array[][] = [];
  private kept = 0;

  constructor(private readonly mostBytes = DEFAULT_MOST_BYTES) {}

  /** Bytes of the chunks kept now. */
  get keptBytes(): number {
    return this.kept;
  }

  /** A kept byte chunk of this length, or a new one. */
  byteChunk(length: number): Uint8Array {
    const chunk = isPowerOfTwo(length) ? this.bytes[log2(length)]?.pop() : undefined;
    if (chunk === undefined) return new Uint8Array(length);
    this.kept -= chunk.byteLength;
    return chunk;
  }

  /** A kept float64 chunk of this length, or a new one. */
  numberChunk(length: number): Float64Array {
    const chunk = isPowerOfTwo(length) ? this.numbers[log2(length)]?.pop() : undefined;
    if (chunk === undefined) return new Float64Array(length);
    this.kept -= chunk.byteLength;
    return chunk;
  }

  /** Takes back a chunk nothing else refers to (one whose length is not a power of two, as a queue's chunks are, is left to the collector). */
  release(chunk: Uint8Array | Float64Array): void {
    const length = chunk.length;
    if (!isPowerOfTwo(length) || this.kept + chunk.byteLength > this.mostBytes) return;
    this.kept += chunk.byteLength;
    if (chunk instanceof Uint8Array) (this.bytes[log2(length)] ??= []).push(chunk);
    else (this.numbers[log2(length)] ??= []).push(chunk);
  }
}
