import type { ChunkSpill } from './ChunkSpill.ts';
import { ChunkPool } from './ChunkPool.ts';
import { ValueDictionary } from './ValueDictionary.ts';

/** A lane's chunks: the first of 2^FIRST_CHUNK_BITS items, each next one twice as long, up to 2^CHUNK_BITS, so a short queue (a narrow level) allocates little. */
const FIRST_CHUNK_BITS = 8;
const CHUNK_BITS = 15;
const chunkLength = (c: number): number => 1 << Math.min(CHUNK_BITS, FIRST_CHUNK_BITS + c);
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_F64 = new Float64Array(0);
/** The pool of a queue given none: it keeps nothing, so each chunk is new and a chunk read is left to the collector. */
const NO_POOL = new ChunkPool(0);

const T_UNDEFINED = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_NUMBER = 4;
const T_STRING = 5;
const T_ARRAY = 6;
const T_OBJECT = 7;
const T_OPAQUE = 8;
const T_AGAIN = 9;
const T_SHARED = 10;
/** An array of at most PACKED_MAX booleans and integers 0..253, one tag byte per item: its length, then the items (false 254, true 255). */
const T_PACKED = 11;
const PACKED_MAX = 32;
const PACKED_FALSE = 254;
const PACKED_TRUE = 255;

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
 * A first-in first-out queue of plain data in typed arrays: one byte of tag and, where the value
 * needs one, one float64 per value (a short array of booleans and small integers is bytes only); strings and object key lists by number through a shared
 * `ValueDictionary`. It holds a BFS frontier without keeping millions of small objects alive
 * (which the garbage collector would walk again and again) at a few bytes per value.
 *
 * Values are read back as equal copies: numbers as float64 (-0, NaN and infinities included),
 * strings, booleans, null, undefined (also as an own property's value), arrays by their
 * elements (a hole reads back as undefined) and plain objects with their own enumerable keys in
 * order. Anything else (a Map, a class instance, a null-prototype object, a function, an
 * object with symbol keys or a `__proto__` key) is kept by reference in a side list. Chunks are
 * dropped as soon as they have been read; with a `ChunkSpill`, those beyond a memory budget
 * wait on disk instead (a queue is written, then read, in order, so each chunk goes out once
 * and comes back once).
 */
export class ValueQueue {
  // Each lane is a list of chunks: a typed array in memory, a spill handle, or released.
  private readonly tags: (Uint8Array | undefined)[] = [];
  private readonly nums: (Float64Array | undefined)[] = [];
  private readonly tagHandles: (number | undefined)[] = [];
  private readonly numHandles: (number | undefined)[] = [];
  private readonly opaque: unknown[] = [];
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
  private opaqueR = 0;
  /** Bytes of the chunks held in memory, both lanes. */
  private inMemory = 0;
  private spilledBytes = 0;
  /** Records pushed and not yet shifted, as the caller counts them (see `count`). */
  private records = 0;
  /** The object last written, and last read, at each slot (see `writeSlot`). */
  private readonly lastWritten: unknown[] = [];
  /** The dictionary's number for each slot's last written value, or -1. */
  private readonly lastWrittenId: number[] = [];
  private readonly lastRead: unknown[] = [];

  /**
   * With a `spill`, chunks beyond `memoryBudgetBytes` of typed arrays are written out as they
   * fill up and read back when their turn comes. With a `pool`, new chunks are taken from it and
   * chunks read to the end go back to it (the levels of one search share one).
   */
  constructor(
    readonly dict: ValueDictionary,
    private readonly spill?: ChunkSpill,
    private readonly memoryBudgetBytes = Infinity,
    private readonly pool: ChunkPool = NO_POOL,
  ) {}

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
    const x = this.numR[this.numROff++]!;
    // An integer comes back as a small integer (V8's Smi), -0 as itself. Read from the
    // Float64Array as it is, it would be a boxed number wherever this runs unoptimised; the first
    // value stored in a field of an object shape decides how V8 keeps that field, and a boxed one
    // makes it a double field: every context of that shape then carries a box per number, made
    // anew for each successor (on the counter, three of 16 bytes each, a third of what a state
    // allocated).
    const i = x | 0;
    return i === x && (i !== 0 || 1 / x > 0) ? i : x;
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

  writeValue(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.writeTag(T_NUMBER);
        this.writeNumber(v);
        return;
      case 'string':
        this.writeTag(T_STRING);
        this.writeNumber(this.dict.stringId(v));
        return;
      case 'boolean':
        this.writeTag(v ? T_TRUE : T_FALSE);
        return;
      case 'undefined':
        this.writeTag(T_UNDEFINED);
        return;
      case 'object':
        if (v === null) {
          this.writeTag(T_NULL);
          return;
        }
        if (Array.isArray(v)) {
          if (Object.getPrototypeOf(v) !== Array.prototype) break;
          if (v.length <= PACKED_MAX && this.writePacked(v)) return;
          this.writeTag(T_ARRAY);
          this.writeNumber(v.length);
          for (let i = 0; i < v.length; i++) this.writeValue(v[i]);
          return;
        }
        if (Object.getPrototypeOf(v) !== Object.prototype || Object.getOwnPropertySymbols(v).length > 0) break;
        {
          const keys = Object.keys(v);
          const shape = this.dict.shapeId(keys);
          if (shape < 0) break;
          this.writeTag(T_OBJECT);
          this.writeNumber(shape);
          const o = v as Record<string, unknown>;
          for (let i = 0; i < keys.length; i++) this.writeValue(o[keys[i]!]);
          return;
        }
      default:
        break;
    }
    this.writeTag(T_OPAQUE);
    this.opaque.push(v);
  }

  /** Writes an array of booleans and small integers as bytes (`T_PACKED`); false, with nothing written, for any other. */
  private writePacked(v: readonly unknown[]): boolean {
    const n = v.length;
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (typeof x === 'boolean') continue;
      if (typeof x !== 'number' || !(x >= 0 && x <= 253) || (x | 0) !== x || Object.is(x, -0)) return false;
    }
    this.writeTag(T_PACKED);
    this.writeTag(n);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      this.writeTag(x === true ? PACKED_TRUE : x === false ? PACKED_FALSE : (x as number));
    }
    return true;
  }

  /**
   * Writes `v` as the value of a numbered slot of the record (a field of a fixed layout): when
   * it is the very object last written at that slot, or one the dictionary holds as exactly
   * equal to it (same keys in the same order, numbers by `Object.is`), one byte says so, and
   * `readSlot` gives back the object it read there last. Any other object value is kept once
   * for the run in the dictionary (`sharedId`) and written as its number, unless the slot's
   * values are mostly new: then it is written in full. Successive states that share an object
   * (the successors of one state share every part their steps left alone) store it once, and
   * every state read back holds the one copy. Records are read in the order they were written, so writer and reader keep the same
   * last object per slot. Objects are taken as immutable, as a state's are.
   */
  writeSlot(slot: number, v: unknown): void {
    if (typeof v === 'object' && v !== null) {
      if (this.lastWritten[slot] === v) {
        this.writeTag(T_AGAIN);
        return;
      }
      // a short array of booleans and small integers is written as bytes: cheaper than looking
      // for an equal one, and as small as its number
      if (Array.isArray(v) && v.length <= PACKED_MAX && Object.getPrototypeOf(v) === Array.prototype && this.writePacked(v)) {
        this.lastWritten[slot] = v;
        this.lastWrittenId[slot] = -1;
        return;
      }
      // a slot whose values are mostly new is written in full, without looking for an equal one
      const id = this.dict.sharedId(v, slot);
      if (id >= 0 && id === this.lastWrittenId[slot]) {
        this.writeTag(T_AGAIN); // equal to the last one: the reader gives back that one
        return;
      }
      this.lastWritten[slot] = v;
      this.lastWrittenId[slot] = id;
      if (id >= 0) {
        this.writeTag(T_SHARED);
        this.writeNumber(id);
        return;
      }
    }
    this.writeValue(v);
  }

  readSlot(slot: number): unknown {
    if (this.tagROff === this.tagR.length) this.nextTagChunk();
    const tag = this.tagR[this.tagROff];
    if (tag === T_AGAIN) {
      this.tagROff++;
      return this.lastRead[slot];
    }
    if (tag === T_SHARED) {
      this.tagROff++;
      return (this.lastRead[slot] = this.dict.shared[this.readNumber()]);
    }
    const v = this.readValue();
    if (typeof v === 'object' && v !== null) this.lastRead[slot] = v;
    return v;
  }

  readValue(): unknown {
    switch (this.readTag()) {
      case T_NUMBER:
        return this.readNumber();
      case T_STRING:
        return this.dict.strings[this.readNumber()];
      case T_TRUE:
        return true;
      case T_FALSE:
        return false;
      case T_NULL:
        return null;
      case T_UNDEFINED:
        return undefined;
      case T_PACKED: {
        const n = this.readTag();
        const a = new Array(n);
        for (let i = 0; i < n; i++) {
          const x = this.readTag();
          a[i] = x === PACKED_TRUE ? true : x === PACKED_FALSE ? false : x;
        }
        return a;
      }
      case T_ARRAY: {
        const n = this.readNumber();
        const a = new Array(n);
        for (let i = 0; i < n; i++) a[i] = this.readValue();
        return a;
      }
      case T_OBJECT: {
        const keys = this.dict.shapes[this.readNumber()]!;
        const o: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) o[keys[i]!] = this.readValue();
        return o;
      }
      default: {
        const v = this.opaque[this.opaqueR];
        this.opaque[this.opaqueR++] = undefined;
        return v;
      }
    }
  }
}
