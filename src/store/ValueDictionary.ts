import { ValueHasher } from '../compiled/valueHash.ts';

/** At most this many values are kept once for all by a dictionary (`sharedId`); past it, slots are written in full. */
const SHARED_LIMIT = 1 << 22;

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
  /**
   * Slot values kept once for the run, each distinct value once (as SPIN's COLLAPSE mode keeps
   * each distinct component once): a record holds the number, and every state read back holds
   * the one object.
   */
  readonly shared: unknown[] = [];
  private readonly sharedByHash = new Map<number, number>();
  private readonly hasher = new ValueHasher();

  /** A dictionary holding `strings`, `shapes` and `shared` values under the numbers another one gave them (see `ValueQueue.fromData`). */
  static of(strings: readonly string[], shapes: readonly (readonly string[])[], shared: readonly unknown[] = []): ValueDictionary {
    const d = new ValueDictionary();
    for (const s of strings) d.stringId(s);
    for (const k of shapes) d.shapeId(k);
    d.shared.push(...shared);
    return d;
  }

  /** Per slot: values looked up, and how many of them were new. A slot whose values are mostly new is written in full. */
  private readonly slotLookups: number[] = [];
  private readonly slotNew: number[] = [];

  /**
   * The number of a value kept once for the run, the same for every value exactly equal to it
   * (same keys in the same order, numbers by `Object.is`; checked in full, not only by hash);
   * -1 when it is not plain JSON data, its hash is another value's, or the dictionary is full.
   * A slot whose values are seldom met twice (more than a quarter new after 4,096 of them: a
   * field that differs in almost every state) is not kept at all: keeping each of its values
   * would cost more than writing them.
   */
  sharedId(v: object, slot: number): number {
    if (!this.keeps(slot)) return -1;
    const lookups = (this.slotLookups[slot] ?? 0) + 1;
    const fresh = this.slotNew[slot] ?? 0;
    this.slotLookups[slot] = lookups;
    // the very object met before (states share what their steps left alone): no hash, no comparison
    const known = this.sharedByObject.get(v);
    if (known !== undefined) {
      if (known >= 0) return known;
      this.copyHits[slot] = (this.copyHits[slot] ?? 0) + 1;
      return ~known;
    }
    const id = this.lookUp(v, slot, fresh);
    // An equal copy of a value kept is known by identity too (as ~id), while that pays: a
    // model's memo hands the same copy to many states, but a step that builds its values anew
    // hands each copy to one state only, and a weak entry per new state costs the collector more
    // than a hash. A slot stops after 4,096 copies of which fewer than a quarter were met again.
    if (id >= 0 && this.shared[id] !== v && this.keepsCopies(slot)) {
      this.copies[slot] = (this.copies[slot] ?? 0) + 1;
      this.sharedByObject.set(v, ~id);
    }
    return id;
  }

  /** Objects numbered, by identity: a value kept as its number, an equal copy as ~number (values are immutable, as a state's are). */
  private readonly sharedByObject = new WeakMap<object, number>();
  /** Per slot: copies known by identity, and how often they were met again. */
  private readonly copies: number[] = [];
  private readonly copyHits: number[] = [];

  private keepsCopies(slot: number): boolean {
    const n = this.copies[slot] ?? 0;
    return n < 4096 || (this.copyHits[slot] ?? 0) * 4 >= n;
  }

  private lookUp(v: object, slot: number, fresh: number): number {
    if (!this.hasher.recall(v) && !this.hasher.hash(v)) return -1;
    const h = (this.hasher.a >>> 0) * 0x200000 + (this.hasher.b >>> 11); // 53 bits, an exact number key
    const id = this.sharedByHash.get(h);
    if (id !== undefined) return sameData(this.shared[id], v) ? id : -1;
    if (this.shared.length >= SHARED_LIMIT || !plainData(v)) return -1;
    this.slotNew[slot] = fresh + 1;
    this.sharedByHash.set(h, this.shared.length);
    this.sharedByObject.set(v, this.shared.length);
    this.shared.push(v);
    return this.shared.length - 1;
  }

  /** Whether the slot's values are still kept (see `sharedId`). */
  keeps(slot: number): boolean {
    const lookups = this.slotLookups[slot] ?? 0;
    return lookups < 4096 || (this.slotNew[slot] ?? 0) * 4 <= lookups;
  }

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

/**
 * Exact equality of two objects as the queue would read them back (plain objects and arrays,
 * keys in the same order, numbers by `Object.is`); anything else compares by identity.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return typeof a === 'number' && Object.is(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length || Object.getPrototypeOf(a) !== Array.prototype || Object.getPrototypeOf(b) !== Array.prototype) return false;
    for (let i = 0; i < a.length; i++) if (!(i in a) || !(i in b) || !sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || Object.getOwnPropertySymbols(a).length > 0 || Object.getOwnPropertySymbols(b).length > 0) return false;
  for (let i = 0; i < ka.length; i++) {
    const key = ka[i]!;
    if (key !== kb[i] || key === '__proto__' || !sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Whether `v` reads back from the queue as an exactly equal value: plain objects and arrays without holes, all the way down. */
function plainData(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return typeof v !== 'function' && typeof v !== 'symbol' && typeof v !== 'bigint';
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return false;
    for (let i = 0; i < v.length; i++) if (!(i in v) || !plainData(v[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype || Object.getOwnPropertySymbols(v).length > 0) return false;
  for (const k of Object.keys(v)) if (k === '__proto__' || !plainData((v as Record<string, unknown>)[k])) return false;
  return true;
}

interface ShapeNode {
  readonly next: Map<number, ShapeNode>;
  /** The list's number; -1 for a list kept by reference (`__proto__`); -2 before the list is first met. */
  shape: number;
}
