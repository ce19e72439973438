import { ValueLanes, storedNumber } from './ValueLanes.ts';

/** Words a record's start takes: its first tag, its first number, its first value kept by reference. */
const START_WORDS = 3;

/**
 * Records in the encoding of `ValueLanes`, last in first out: a depth-first search's stack of
 * states at a few bytes a value instead of live objects. Every record stands alone: `begin`
 * forgets what the slots held last, so `writeSlot` never refers to the record before (it may
 * still refer to the dictionary, which only grows), and the last record can be read first.
 * `pop` sets the reader at the last record's start and takes the record off the stack: the
 * caller reads it at once, before the next `begin` writes over it. Each lane is one typed array
 * that doubles when full and is never shrunk (a search's stack comes back to its deepest).
 */
export class ValueStack extends ValueLanes {
  private tags = new Uint8Array(1 << 10);
  private nums = new Float64Array(1 << 8);
  private tagTop = 0;
  private numTop = 0;
  private tagAt = 0;
  private numAt = 0;
  /** After a `pop`, where the popped records' kept references began: the next `begin` drops them from there on (-1: none to drop). */
  private opaqueEnd = -1;
  private starts = new Int32Array(START_WORDS * 64);
  private count = 0;

  /** Records on the stack. */
  get length(): number {
    return this.count;
  }

  /** Bytes of the lanes and the records' starts. */
  get bytes(): number {
    return this.tags.byteLength + this.nums.byteLength + this.starts.byteLength;
  }

  /** Starts a record on top of the stack: write it next (it ends where the next `begin` or `pop` comes). */
  begin(): void {
    if (START_WORDS * (this.count + 1) > this.starts.length) this.starts = grown(this.starts, START_WORDS * (this.count + 1));
    const at = START_WORDS * this.count++;
    if (this.opaqueEnd >= 0) {
      this.opaque.length = this.opaqueEnd;
      this.opaqueEnd = -1;
    }
    this.starts[at] = this.tagTop;
    this.starts[at + 1] = this.numTop;
    this.starts[at + 2] = this.opaque.length;
    const written = this.lastWritten;
    const ids = this.lastWrittenId;
    for (let i = 0; i < written.length; i++) {
      written[i] = undefined;
      ids[i] = -1;
    }
  }

  /** Takes the last record off the stack and sets the reader at its start: read it before the next `begin`. */
  pop(): void {
    if (this.count === 0) throw new RangeError('ValueStack.pop: the stack is empty');
    const at = START_WORDS * --this.count;
    this.tagAt = this.tagTop = this.starts[at]!;
    this.numAt = this.numTop = this.starts[at + 1]!;
    this.opaqueR = this.opaqueEnd = this.starts[at + 2]!;
  }

  writeTag(t: number): void {
    if (this.tagTop === this.tags.length) this.tags = grown(this.tags, this.tagTop + 1);
    this.tags[this.tagTop++] = t;
  }

  writeNumber(x: number): void {
    if (this.numTop === this.nums.length) this.nums = grown(this.nums, this.numTop + 1);
    this.nums[this.numTop++] = x;
  }

  readTag(): number {
    return this.tags[this.tagAt++]!;
  }

  readNumber(): number {
    return storedNumber(this.nums[this.numAt++]!);
  }

  protected peekTag(): number {
    return this.tags[this.tagAt]!;
  }
}

/** `a` copied into one at least twice as long and long enough for `n` items. */
function grown<T extends Uint8Array | Float64Array | Int32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(Math.max(2 * a.length, n));
  b.set(a);
  return b;
}
