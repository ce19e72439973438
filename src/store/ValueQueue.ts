const CHUNK_BITS = 15;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

const T_UNDEFINED = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_NUMBER = 4;
const T_STRING = 5;
const T_ARRAY = 6;
const T_OBJECT = 7;
const T_OPAQUE = 8;

/**
 * The strings and object shapes a run's queues have met, numbered once. Shared by the queues
 * of one search: a state's text and key lists are stored once, its values as numbers.
 */
export class ValueDictionary {
  readonly strings: string[] = [];
  readonly stringIds = new Map<string, number>();
  readonly shapes: (readonly string[])[] = [];
  // Key lists as paths in a trie of key numbers: finding a shape reads each key once, with no
  // text built. A node's `shape` is the number of the list that ends there.
  private readonly keyIds = new Map<string, number>();
  private readonly root: ShapeNode = { next: new Map(), shape: -2 };

  stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /** The number of a key list, or -1 for one holding `__proto__` (kept by reference instead). */
  shapeId(keys: readonly string[]): number {
    let node = this.root;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      let id = this.keyIds.get(k);
      if (id === undefined) this.keyIds.set(k, (id = this.keyIds.size));
      let next = node.next.get(id);
      if (next === undefined) node.next.set(id, (next = { next: new Map(), shape: -2 }));
      node = next;
    }
    if (node.shape === -2) {
      node.shape = keys.includes('__proto__') ? -1 : this.shapes.length;
      if (node.shape >= 0) this.shapes.push([...keys]);
    }
    return node.shape;
  }
}

interface ShapeNode {
  readonly next: Map<number, ShapeNode>;
  /** The list's number; -1 for a list kept by reference (`__proto__`); -2 before the list is first met. */
  shape: number;
}

/**
 * A first-in first-out queue of plain data in typed arrays: one byte of tag and, where the value
 * needs one, one float64 per value; strings and object key lists by number through a shared
 * `ValueDictionary`. It holds a BFS frontier without keeping millions of small objects alive
 * (which the garbage collector would walk again and again) at a few bytes per value.
 *
 * Values are read back as equal copies: numbers as float64 (-0, NaN and infinities included),
 * strings, booleans, null, undefined (also as an own property's value), arrays by their
 * elements (a hole reads back as undefined) and plain objects with their own enumerable keys in
 * order. Anything else (a Map, a class instance, a null-prototype object, a function, an
 * object with symbol keys or a `__proto__` key) is kept by reference in a side list. Chunks are
 * dropped as soon as they have been read.
 */
export class ValueQueue {
  private readonly tags: (Uint8Array | undefined)[] = [];
  private readonly nums: (Float64Array | undefined)[] = [];
  private readonly opaque: unknown[] = [];
  private tagW = 0;
  private numW = 0;
  private tagR = 0;
  private numR = 0;
  private opaqueR = 0;
  /** Records pushed and not yet shifted, as the caller counts them (see `count`). */
  private records = 0;

  constructor(readonly dict: ValueDictionary) {}

  /** Records in the queue: `endRecord()` calls minus `startRead()` calls. */
  get length(): number {
    return this.records;
  }

  /** Bytes of typed-array data held (allocated chunks not yet released). */
  get bytes(): number {
    let n = 0;
    for (const c of this.tags) if (c) n += c.byteLength;
    for (const c of this.nums) if (c) n += c.byteLength;
    return n;
  }

  endRecord(): void {
    this.records++;
  }
  startRead(): void {
    this.records--;
  }

  writeTag(t: number): void {
    const i = this.tagW++;
    const c = i >>> CHUNK_BITS;
    if ((i & MASK) === 0 && c === this.tags.length) this.tags.push(new Uint8Array(CHUNK));
    this.tags[c]![i & MASK] = t;
  }

  writeNumber(x: number): void {
    const i = this.numW++;
    const c = i >>> CHUNK_BITS;
    if ((i & MASK) === 0 && c === this.nums.length) this.nums.push(new Float64Array(CHUNK));
    this.nums[c]![i & MASK] = x;
  }

  readTag(): number {
    const i = this.tagR++;
    const c = i >>> CHUNK_BITS;
    const t = this.tags[c]![i & MASK]!;
    if ((i & MASK) === MASK) this.tags[c] = undefined; // fully read: let it go
    return t;
  }

  readNumber(): number {
    const i = this.numR++;
    const c = i >>> CHUNK_BITS;
    const x = this.nums[c]![i & MASK]!;
    if ((i & MASK) === MASK) this.nums[c] = undefined;
    return x;
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
