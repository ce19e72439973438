import type { ValueDictionary } from './ValueDictionary.ts';

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
 * A number as read back from a lane: an integer as a small integer (V8's Smi), -0 as itself.
 * Read from the Float64Array as it is, it would be a boxed number wherever this runs
 * unoptimised; the first value stored in a field of an object shape decides how V8 keeps that
 * field, and a boxed one makes it a double field: every context of that shape then carries a box
 * per number, made anew for each successor (on the counter, three of 16 bytes each, a third of
 * what a state allocated).
 */
export function storedNumber(x: number): number {
  const i = x | 0;
  return i === x && (i !== 0 || 1 / x > 0) ? i : x;
}

/**
 * The encoding of plain data in two lanes of typed arrays: one byte of tag and, where the value
 * needs one, one float64 per value (a short array of booleans and small integers is bytes only);
 * strings and object key lists by number through a shared `ValueDictionary`. `ValueQueue` keeps
 * the lanes as chunks read first in first out, `ValueStack` as one array each, last in first out;
 * each supplies the lanes' reads and writes.
 *
 * Values are read back as equal copies: numbers as float64 (-0, NaN and infinities included),
 * strings, booleans, null, undefined (also as an own property's value), arrays by their
 * elements (a hole reads back as undefined) and plain objects with their own enumerable keys in
 * order. Anything else (a Map, a class instance, a null-prototype object, a function, an
 * object with symbol keys or a `__proto__` key) is kept by reference in a side list.
 */
export abstract class ValueLanes {
  /** Values kept by reference, in the order written; `opaqueR` is the next one to read. */
  protected readonly opaque: unknown[] = [];
  protected opaqueR = 0;
  /** The object last written, and last read, at each slot (see `writeSlot`). */
  protected readonly lastWritten: unknown[] = [];
  /** The dictionary's number for each slot's last written value, or -1. */
  protected readonly lastWrittenId: number[] = [];
  protected readonly lastRead: unknown[] = [];

  constructor(readonly dict: ValueDictionary) {}

  abstract writeTag(t: number): void;
  abstract writeNumber(x: number): void;
  abstract readTag(): number;
  abstract readNumber(): number;
  /** The next tag, left to be read. */
  protected abstract peekTag(): number;

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
   * every state read back holds the one copy. A queue's records are read in the order they were
   * written, so writer and reader keep the same last object per slot; a stack forgets the last
   * objects at each record's start, so that its records never refer to one another. Objects are
   * taken as immutable, as a state's are.
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
    const tag = this.peekTag();
    if (tag === T_AGAIN) {
      this.readTag();
      return this.lastRead[slot];
    }
    if (tag === T_SHARED) {
      this.readTag();
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
