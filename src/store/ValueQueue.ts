import type { ChunkSpill } from './ChunkSpill.ts';
import { ChunkPool } from './ChunkPool.ts';
import { ValueDictionary } from './ValueDictionary.ts';
import { ValueLanes, storedNumber } from './ValueLanes.ts';

/** A lane's chunks: the first of 2^FIRST_CHUNK_BITS items, each next one twice as long, up to 2^CHUNK_BITS, so a short queue (a narrow level) allocates little. */
const FIRST_CHUNK_BITS = 8;
const CHUNK_BITS = 15;
const chunkLength = (c: number): number => 1 << Math.min(CHUNK_BITS, FIRST_CHUNK_BITS + c);
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_F64 = new Float64Array(0);
/** The pool of a queue given none: it keeps nothing, so each chunk is new and a chunk read is left to the collector. */
const NO_POOL = new ChunkPool(0);

/**
 * A queue's records as plain data that can cross to another thread (the typed arrays'
 * buffers are transferable, the rest structured-cloneable): see `ValueQueue.toData` and `fromData`.
 */
export interface ValueQueueData {
  readonly tags: Uint8Array[];
  readonly nums: Float64Array[];
  readonly opaque: unknown[];
  readonly records: number;
  /** The writer's dictionary, by number. */
  readonly strings: readonly string[];
  readonly shapes: readonly (readonly string[])[];
  readonly shared: readonly unknown[];
}

/**
 * A first-in first-out queue of records in the encoding of `ValueLanes` (a byte of tag and,
 * where the value needs one, a float64 per value), its two lanes kept as chunks of typed arrays.
 * It holds a BFS frontier without keeping millions of small objects alive (which the garbage
 * collector would walk again and again) at a few bytes per value. Chunks are dropped as soon as
 * they have been read; with a `ChunkSpill`, those beyond a memory budget wait on disk instead (a
 * queue is written, then read, in order, so each chunk goes out once and comes back once).
 */
export class ValueQueue extends ValueLanes {
  // Each lane is a list of chunks: a typed array in memory, a spill handle, or released.
  private readonly tags: (Uint8Array | undefined)[] = [];
  private readonly nums: (Float64Array | undefined)[] = [];
  private readonly tagHandles: (number | undefined)[] = [];
  private readonly numHandles: (number | undefined)[] = [];
  // The chunk being written and the one being read in each lane, with the offset in it.
  private tagW: Uint8Array = EMPTY_U8;
  private tagWOff = 0;
  private numW: Float64Array = EMPTY_F64;
  private numWOff = 0;
  private tagR: Uint8Array = EMPTY_U8;
  private tagROff = 0;
  private tagRChunk = -1;
  private numR: Float64Array = EMPTY_F64;
  private numROff = 0;
  private numRChunk = -1;
  /** Bytes of the chunks held in memory, both lanes. */
  private inMemory = 0;
  private spilledBytes = 0;
  /** Records pushed and not yet shifted, as the caller counts them (see `count`). */
  private records = 0;

  /**
   * With a `spill`, chunks beyond `memoryBudgetBytes` of typed arrays are written out as they
   * fill up and read back when their turn comes. With a `pool`, new chunks are taken from it and
   * chunks read to the end go back to it (the levels of one search share one).
   */
  constructor(
    dict: ValueDictionary,
    private readonly spill?: ChunkSpill,
    private readonly memoryBudgetBytes = Infinity,
    private readonly pool: ChunkPool = NO_POOL,
  ) {
    super(dict);
  }

  /** Records in the queue: `endRecord()` calls minus `startRead()` calls. */
  get length(): number {
    return this.records;
  }

  /** Bytes of typed-array data held in memory (chunks neither read nor spilled yet). */
  get bytes(): number {
    return this.inMemory;
  }

  /** Bytes written to the spill so far. */
  get spilled(): number {
    return this.spilledBytes;
  }

  endRecord(): void {
    this.records++;
  }
  startRead(): void {
    this.records--;
  }

  writeTag(t: number): void {
    if (this.tagWOff === this.tagW.length) this.newTagChunk();
    this.tagW[this.tagWOff++] = t;
  }

  writeNumber(x: number): void {
    if (this.numWOff === this.numW.length) this.newNumChunk();
    this.numW[this.numWOff++] = x;
  }

  readTag(): number {
    if (this.tagROff === this.tagR.length) this.nextTagChunk();
    return this.tagR[this.tagROff++]!;
  }

  readNumber(): number {
    if (this.numROff === this.numR.length) this.nextNumChunk();
    return storedNumber(this.numR[this.numROff++]!);
  }

  protected peekTag(): number {
    if (this.tagROff === this.tagR.length) this.nextTagChunk();
    return this.tagR[this.tagROff]!;
  }

  /**
   * The records written so far, with the dictionary, as data for `fromData` (in another thread:
   * pass the arrays' buffers as transferables). Only for a queue written and never read nor
   * spilled, whose dictionary numbers only what it wrote (numbers of a shared dictionary would
   * not mean the same elsewhere); the queue is empty afterwards. The last chunks are copied to
   * their written length.
   */
  toData(): ValueQueueData {
    if (this.tagRChunk >= 0 || this.numRChunk >= 0 || this.spilledBytes > 0) throw new Error('ValueQueue.toData: only a queue neither read nor spilled can be handed over');
    const trim = <T extends Uint8Array | Float64Array>(chunks: (T | undefined)[], written: number): T[] =>
      chunks.map((c, i) => (i === chunks.length - 1 && written < c!.length ? (c!.slice(0, written) as T) : c!));
    const data: ValueQueueData = {
      tags: trim(this.tags as (Uint8Array | undefined)[], this.tagWOff),
      nums: trim(this.nums as (Float64Array | undefined)[], this.numWOff),
      opaque: this.opaque.splice(0),
      records: this.records,
      strings: this.dict.strings,
      shapes: this.dict.shapes,
      shared: this.dict.shared,
    };
    this.tags.length = 0;
    this.nums.length = 0;
    this.lastWritten.length = 0; // the records handed over start afresh at the reader
    this.lastWrittenId.length = 0;
    this.tagW = EMPTY_U8;
    this.tagWOff = 0;
    this.numW = EMPTY_F64;
    this.numWOff = 0;
    this.inMemory = 0;
    this.records = 0;
    return data;
  }

  /** A queue to read the records of `toData` from (possibly in another thread), with its own copy of the writer's dictionary. */
  static fromData(data: ValueQueueData): ValueQueue {
    const q = new ValueQueue(ValueDictionary.of(data.strings, data.shapes, data.shared));
    q.tags.push(...data.tags);
    q.nums.push(...data.nums);
    q.opaque.push(...data.opaque);
    q.records = data.records;
    for (const c of data.tags) q.inMemory += c.byteLength;
    for (const c of data.nums) q.inMemory += c.byteLength;
    return q;
  }

  /** Forgets whatever is still spilled (the search is over, or the level was abandoned). */
  dispose(): void {
    this.spill?.dispose();
  }

  // Chunk boundaries: the cold paths.

  private newTagChunk(): void {
    this.tagW = this.pool.byteChunk(chunkLength(this.tags.length));
    this.tagWOff = 0;
    this.tags.push(this.tagW);
    this.inMemory += this.tagW.byteLength;
    this.spillTail(this.tags, this.tagHandles, this.tagRChunk);
  }

  private newNumChunk(): void {
    this.numW = this.pool.numberChunk(chunkLength(this.nums.length));
    this.numWOff = 0;
    this.nums.push(this.numW);
    this.inMemory += this.numW.byteLength;
    this.spillTail(this.nums, this.numHandles, this.numRChunk);
  }

  /** Over budget: the chunk just filled (the one before the new one) goes to the spill, unless it is being read. */
  private spillTail(chunks: (Uint8Array | Float64Array | undefined)[], handles: (number | undefined)[], reading: number): void {
    if (!this.spill || this.inMemory <= this.memoryBudgetBytes) return;
    const c = chunks.length - 2;
    const chunk = chunks[c];
    if (c <= reading || !chunk) return;
    handles[c] = this.spill.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.spilledBytes += chunk.byteLength;
    chunks[c] = undefined;
    this.inMemory -= chunk.byteLength;
  }

  private nextTagChunk(): void {
    if (this.tagRChunk >= 0 && this.tags[this.tagRChunk]) this.release(this.tags, this.tagRChunk);
    const c = ++this.tagRChunk;
    this.tagR = this.tags[c] ?? (this.tags[c] = this.reload(new Uint8Array(chunkLength(c)), this.tagHandles, c));
    this.tagROff = 0;
  }

  private nextNumChunk(): void {
    if (this.numRChunk >= 0 && this.nums[this.numRChunk]) this.release(this.nums, this.numRChunk);
    const c = ++this.numRChunk;
    this.numR = this.nums[c] ?? (this.nums[c] = this.reload(new Float64Array(chunkLength(c)), this.numHandles, c));
    this.numROff = 0;
  }

  private release(chunks: (Uint8Array | Float64Array | undefined)[], c: number): void {
    const chunk = chunks[c]!;
    this.inMemory -= chunk.byteLength;
    chunks[c] = undefined; // fully read: let it go, or back to the pool
    this.pool.release(chunk);
  }

  private reload<T extends Uint8Array | Float64Array>(into: T, handles: (number | undefined)[], c: number): T {
    const h = handles[c];
    if (h === undefined || !this.spill) throw new RangeError(`ValueQueue: chunk ${c} read before it was written`);
    this.spill.read(h, new Uint8Array(into.buffer, into.byteOffset, into.byteLength));
    handles[c] = undefined;
    this.inMemory += into.byteLength;
    return into;
  }

}
