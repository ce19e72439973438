import { fingerprint64 } from '../store/fingerprint.ts';

const STRING_CACHE_LIMIT = 1 << 16;

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The last arrays and objects hashed, by any hasher, with their lanes (`recall`); values are immutable, so a hash never goes stale. */
const RECENT = 16;
const recentObjects: unknown[] = new Array(RECENT).fill(undefined);
const recentA = new Int32Array(RECENT);
const recentB = new Int32Array(RECENT);
let recentNext = 0;
function remember(v: object, a: number, b: number): void {
  recentObjects[recentNext] = v;
  recentA[recentNext] = a;
  recentB[recentNext] = b;
  recentNext = (recentNext + 1) & (RECENT - 1);
}

/** Small non-negative integers, whose lanes an array's hash looks up rather than mixes. */
const SMALL = 1024;
const SMALL_A = new Int32Array(SMALL);
const SMALL_B = new Int32Array(SMALL);
for (let v = 0; v < SMALL; v++) {
  SMALL_A[v] = fmix(v ^ 0x3c6ef372);
  SMALL_B[v] = fmix(Math.imul(v, 0x9e3779b1) ^ 0x7f4a7c15);
}

const TRUE_A = 0x2545f491;
const TRUE_B = 0x61c88647;
const FALSE_A = 0x4f1bbcdc;
const FALSE_B = 0x165667b1;
const NULL_A = 0x27d4eb2f;
const NULL_B = 0x6a09e667;

/**
 * A structural 64-bit hash of plain JSON data, computed from the values without building any
 * text, and equal for any two values whose `canonicalJson` is equal: object keys in any order,
 * properties holding `undefined` left out, an `undefined` array element taken as `null`, -0 as 0.
 * Objects combine their (key, value) pairs by addition, so no key list is sorted; arrays sum
 * their items' words each mixed with its position, so no item waits for the one before. For anything
 * `canonicalJson` refuses (a Map, a class instance, a function, a non-finite number) `hash`
 * returns false and the caller falls back to the key text, which reports the error.
 *
 * The two lanes are left in `a` and `b` after `hash(v)` returns true. Strings' hashes are kept
 * in a cache (models repeat a small set of names and messages). Not reentrant; one per system.
 */
export class ValueHasher {
  a = 0;
  b = 0;

  /**
   * `nestedByIdentity`: the objects inside a value are looked up by identity first (see
   * `hashKnown`), for values built anew around parts that are shared, such as a symmetry's
   * canonical form of a state.
   */
  constructor(private readonly nestedByIdentity = false) {}
  private readonly strings = new Map<string, number>();
  private readonly lanes: number[] = [];
  private readonly fp = { hi: 0, lo: 0 };

  private text(s: string, tag: number): void {
    const i = this.strings.get(s);
    if (i !== undefined) {
      this.a = this.lanes[i]! ^ tag;
      this.b = this.lanes[i + 1]!;
      return;
    }
    fingerprint64(s, this.fp);
    if (this.strings.size < STRING_CACHE_LIMIT) {
      this.strings.set(s, this.lanes.length);
      this.lanes.push(this.fp.lo | 0, this.fp.hi | 0);
    }
    this.a = (this.fp.lo | 0) ^ tag;
    this.b = this.fp.hi | 0;
  }

  hash(v: unknown): boolean {
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v) {
          this.a = fmix(v ^ 0x3c6ef372);
          this.b = fmix(Math.imul(v, 0x9e3779b1) ^ 0x7f4a7c15);
          return true;
        }
        if (!Number.isFinite(v)) return false;
        this.text(String(v), 0x1b873593);
        return true;
      case 'string':
        this.text(v, 0x5bd1e995);
        return true;
      case 'boolean':
        this.a = v ? TRUE_A : FALSE_A;
        this.b = v ? TRUE_B : FALSE_B;
        return true;
      case 'object': {
        if (v === null) {
          this.a = NULL_A;
          this.b = NULL_B;
          return true;
        }
        if (Array.isArray(v)) {
          let s1 = 0;
          let s2 = 0;
          for (let i = 0; i < v.length; i++) {
            const item = v[i];
            let a: number;
            let b: number;
            if (typeof item === 'number' && item >= 0 && item < SMALL && (item | 0) === item) {
              a = SMALL_A[item]!;
              b = SMALL_B[item]!;
            } else if (typeof item === 'boolean') {
              a = item ? TRUE_A : FALSE_A;
              b = item ? TRUE_B : FALSE_B;
            } else if (item === undefined) {
              a = NULL_A; // as null, which is what JSON writes
              b = NULL_B;
            } else {
              if (!(this.nestedByIdentity ? this.hashKnown(item) : this.hash(item))) return false;
              a = this.a;
              b = this.b;
            }
            s1 = (s1 + fmix(a + Math.imul(i + 1, 0x9e3779b1))) | 0;
            s2 = (s2 + fmix(b ^ Math.imul(i + 1, 0x85ebca77))) | 0;
          }
          this.finishArray(s1, s2, v.length);
          remember(v, this.a, this.b);
          return true;
        }
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return false;
        const o = v as Record<string, unknown>;
        let s1 = 0;
        let s2 = 0;
        let n = 0;
        for (const k of Object.keys(o)) {
          const item = o[k];
          if (item === undefined) continue;
          if (!this.pair(k, item)) return false;
          s1 = (s1 + this.a) | 0;
          s2 = (s2 + this.b) | 0;
          n++;
        }
        this.finish(s1, s2, n);
        remember(v, this.a, this.b);
        return true;
      }
      default:
        return false;
    }
  }

  /**
   * `hash(v)` for an array whose items are all numbers, strings, booleans, null or holes;
   * false, with nothing hashed, for one that holds an object or an array.
   */
  hashFlatArray(v: readonly unknown[]): boolean {
    // the loop of `hash` for the items it mixes without recursion; the same sums, so the same hash
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < v.length; i++) {
      if (!this.flatItem(v[i])) return false;
      s1 = (s1 + fmix(this.ia + Math.imul(i + 1, 0x9e3779b1))) | 0;
      s2 = (s2 + fmix(this.ib ^ Math.imul(i + 1, 0x85ebca77))) | 0;
    }
    this.finishArray(s1, s2, v.length);
    return true;
  }

  /**
   * `hashFlatArray(v)` from an array `prev` of the same length that `hashFlatArray` hashed to
   * the sums `s1`, `s2` (`as1`, `as2` after it): only the items that are not the same in both
   * are mixed (the sums are exact, so the hash is `hash(v)`'s). A step that changes one entry
   * of an array mixes one item, not all. False, with nothing hashed, where `hashFlatArray` is.
   */
  hashFlatArrayFrom(v: readonly unknown[], prev: readonly unknown[], s1: number, s2: number): boolean {
    if (v.length !== prev.length) return this.hashFlatArray(v);
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      const was = prev[i];
      if (item === was) continue;
      if (!this.flatItem(was)) return false;
      s1 = (s1 - fmix(this.ia + Math.imul(i + 1, 0x9e3779b1))) | 0;
      s2 = (s2 - fmix(this.ib ^ Math.imul(i + 1, 0x85ebca77))) | 0;
      if (!this.flatItem(item)) return false;
      s1 = (s1 + fmix(this.ia + Math.imul(i + 1, 0x9e3779b1))) | 0;
      s2 = (s2 + fmix(this.ib ^ Math.imul(i + 1, 0x85ebca77))) | 0;
    }
    this.finishArray(s1, s2, v.length);
    return true;
  }

  /** An item's word, as `hash` mixes it into an array, in `ia`, `ib`; false for an object or what `hash` refuses. */
  private flatItem(item: unknown): boolean {
    if (item === true) {
      this.ia = TRUE_A;
      this.ib = TRUE_B;
    } else if (item === false) {
      this.ia = FALSE_A;
      this.ib = FALSE_B;
    } else if (typeof item === 'number' && item >= 0 && item < SMALL && (item | 0) === item) {
      this.ia = SMALL_A[item]!;
      this.ib = SMALL_B[item]!;
    } else if (typeof item === 'object' && item !== null) return false;
    else if (item === undefined) {
      this.ia = NULL_A;
      this.ib = NULL_B;
    } else {
      if (!this.hash(item)) return false;
      this.ia = this.a;
      this.ib = this.b;
    }
    return true;
  }
  private ia = 0;
  private ib = 0;

  /** The sums of the array `hash`, `hashFlatArray` or `hashFlatArrayFrom` hashed last (what `hashFlatArrayFrom` starts from). */
  as1 = 0;
  as2 = 0;

  /** An array's lanes from the sums of its items' words, each mixed with its position, and its length. */
  private finishArray(s1: number, s2: number, n: number): void {
    this.as1 = s1;
    this.as2 = s2;
    const a = fmix(s1 ^ Math.imul(n, 0xcc9e2d51) ^ 0x510e527f);
    this.a = a;
    this.b = fmix((s2 + Math.imul(n, 0x1b873593)) ^ 0x9b05688c ^ (a >>> 7));
  }

  /**
   * `hash(v)` for an array or object that some hasher hashed a moment ago (one of the last
   * RECENT), without hashing it again: a new state's values are hashed for its fingerprint and
   * then looked up again when the frontier stores it. False when it is not among them. Arrays
   * of scalars hashed by `hashFlatArray` are not remembered: the frontier writes them as bytes
   * without looking them up (see `ValueLanes.writeSlot`).
   */
  recall(v: object): boolean {
    for (let i = 0; i < RECENT; i++) {
      if (recentObjects[i] === v) {
        this.a = recentA[i]!;
        this.b = recentB[i]!;
        return true;
      }
    }
    return false;
  }

  /** The sums of a plain object's pairs after `finish` (or `hashFrom`) hashed it: what `hashFrom` starts from. */
  s1 = 0;
  s2 = 0;
  n = 0;

  /** One strongly mixed word per (key, value) pair, into [a, b]; objects sum them, so the order of keys does not count. */
  private pair(k: string, item: unknown, cached = false): boolean {
    if (!(cached || this.nestedByIdentity ? this.hashKnown(item) : this.hash(item))) return false;
    const va = this.a;
    const vb = this.b;
    this.text(k, 0x3243f6a8);
    this.a = fmix(Math.imul(this.a, 0xcc9e2d51) ^ fmix(va + 0x1f83d9ab));
    this.b = fmix(Math.imul(this.b, 0x1b873593) ^ fmix(vb ^ 0x5be0cd19));
    return true;
  }

  private finish(s1: number, s2: number, n: number): void {
    this.s1 = s1;
    this.s2 = s2;
    this.n = n;
    this.a = fmix(s1 ^ Math.imul(n, 0x9e3779b1) ^ 0x6b43a9b5);
    this.b = fmix(s2 + n + 0x3c6ef372);
  }

  /**
   * Objects' hashes by identity, for the entries `hashFrom` meets: an entry a step replaced was
   * hashed when it was new, and the objects a model shares between states are met again and
   * again. Contexts are immutable (xstate's rule), so an object's hash never changes.
   */
  private readonly known = new WeakMap<object, { a: number; b: number }>();

  private hashKnown(v: unknown): boolean {
    if (typeof v !== 'object' || v === null) return this.hash(v);
    const h = this.known.get(v);
    if (h !== undefined) {
      this.a = h.a;
      this.b = h.b;
      return true;
    }
    if (!this.hash(v)) return false;
    this.known.set(v, { a: this.a, b: this.b });
    return true;
  }

  /**
   * `hash(o)` for a plain object, computed from an earlier plain object `prev` whose sums were
   * `s1`, `s2`, `n`: only the pairs whose values are not the very same in both are hashed (the
   * sums are exact, so the result is `hash(o)`'s). For a context field that each step changes
   * in one entry (a record of return values by actor), that is one pair instead of all.
   * False when `o` is not a plain object or holds what `hash` refuses.
   */
  hashFrom(o: object, prev: Record<string, unknown>, s1: number, s2: number, n: number): boolean {
    if (Array.isArray(o)) return false;
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) return false;
    const v = o as Record<string, unknown>;
    this.r1 = s1;
    this.r2 = s2;
    this.rn = n;
    let covered = 0;
    for (const k of Object.keys(v)) {
      const item = v[k];
      const was = prev[k];
      if (item === was) {
        if (item === undefined) continue;
        if (!Object.hasOwn(prev, k)) return false; // an inherited property: not plain data
        covered++;
        continue;
      }
      if (was !== undefined && Object.hasOwn(prev, k)) {
        if (!this.sumPair(k, was, -1)) return false;
        covered++;
      }
      if (item !== undefined && !this.sumPair(k, item, 1)) return false;
    }
    if (covered < n) {
      // keys of prev that o lacks
      for (const k of Object.keys(prev)) {
        const was = prev[k];
        if (was === undefined || (Object.hasOwn(v, k) && v[k] !== undefined)) continue;
        if (!this.sumPair(k, was, -1)) return false;
      }
    }
    this.finish(this.r1, this.r2, this.rn);
    return true;
  }

  /** `hashFrom`'s running sums (apart from `s1`, `s2`, `n`, which hashing a nested object sets). */
  private r1 = 0;
  private r2 = 0;
  private rn = 0;

  /** Adds (`sign` 1) or takes away (-1) the pair (k, item) in `hashFrom`'s running sums (wrapping, as `hash` adds). */
  private sumPair(k: string, item: unknown, sign: 1 | -1): boolean {
    if (!this.pair(k, item, true)) return false;
    this.r1 = (this.r1 + sign * this.a) | 0;
    this.r2 = (this.r2 + sign * this.b) | 0;
    this.rn += sign;
    return true;
  }
}
