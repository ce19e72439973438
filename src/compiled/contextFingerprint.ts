import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';
import { ValueHasher } from './valueHash.ts';
import type { ContextProjection } from '../model/withoutAuxiliary.ts';

/** Fingerprints one state's context, given the seed of its configuration (its two words). */
export type ContextFingerprint = <T>(seedHi: number, seedLo: number, context: Record<string, unknown>, shaped: boolean, out: Fingerprint, keyText: (state: T) => string, state: T) => void;

export interface ContextFingerprinter {
  /** The seed for one configuration's value key; callers cache it per configuration. */
  seedOf(valueKey: string): Fingerprint;
  fingerprint: ContextFingerprint;
}

/**
 * Mixing of one value that is not a small integer into [a, b]; false when only the key text
 * will do (absent or non-JSON values, which the key text reports).
 */
function mixerOf(hasher: ValueHasher, slots: number): (v: unknown, ab: Int32Array, slot: number) => boolean {
  // Per slot, the last plain object hashed there and its sums: the next one is hashed from it,
  // so only the entries a step changed are hashed (the result is the same as hashing in full).
  const prev: (Record<string, unknown> | undefined)[] = new Array(slots).fill(undefined);
  const sums = new Int32Array(3 * slots);
  // Per slot, the objects met there with their hashes, by identity (contexts are immutable): a
  // model whose steps share what they left alone, or look their results up, hands the same few
  // objects to many states. A slot whose objects are mostly new (after 4,096, fewer than a
  // quarter met before) stops looking; a full table starts afresh.
  const known: (Map<object, number> | null)[] = Array.from({ length: slots }, () => new Map());
  // per slot, the sums of the objects in its table, five words an entry (no object per entry)
  const entries: Int32Array[] = Array.from({ length: slots }, () => new Int32Array(0));
  const lookups = new Float64Array(slots);
  const hits = new Float64Array(slots);
  const remember = (v: unknown, slot: number) => {
    if (typeof v !== 'object' || v === null) return;
    if (!Array.isArray(v)) {
      prev[slot] = v as Record<string, unknown>;
      sums[3 * slot] = hasher.s1;
      sums[3 * slot + 1] = hasher.s2;
      sums[3 * slot + 2] = hasher.n;
    }
  };
  // Per slot, the last array of numbers, strings and booleans hashed there and its sums: the
  // next one is hashed from it, mixing only the items that differ (a step changes one or two).
  const prevArray: (readonly unknown[] | undefined)[] = new Array(slots).fill(undefined);
  const arraySums = new Int32Array(2 * slots);
  return (v, ab, slot) => {
    if (v === undefined) return false;
    // an array of numbers, strings and booleans is hashed at once: cheaper than any table
    if (Array.isArray(v) && v.length <= 64) {
      const from = prevArray[slot];
      if (from !== undefined ? hasher.hashFlatArrayFrom(v, from, arraySums[2 * slot]!, arraySums[2 * slot + 1]!) : hasher.hashFlatArray(v)) {
        prevArray[slot] = v;
        arraySums[2 * slot] = hasher.as1;
        arraySums[2 * slot + 1] = hasher.as2;
        ab[0] = hasher.a;
        ab[1] = hasher.b;
        return true;
      }
    }
    const isObject = typeof v === 'object' && v !== null;
    const cache = isObject ? known[slot]! : null;
    if (cache !== null) {
      const k = cache.get(v as object);
      lookups[slot]!++;
      if (k !== undefined) {
        hits[slot]!++;
        const e = entries[slot]!;
        ab[0] = hasher.a = e[k]!;
        ab[1] = hasher.b = e[k + 1]!;
        hasher.s1 = e[k + 2]!;
        hasher.s2 = e[k + 3]!;
        hasher.n = e[k + 4]!;
        remember(v, slot);
        return true;
      }
      if (lookups[slot]! >= 4096 && hits[slot]! * 4 < lookups[slot]!) known[slot] = null;
    }
    const from = prev[slot];
    const plain = isObject && !Array.isArray(v);
    if (plain && from !== undefined ? !hasher.hashFrom(v as object, from, sums[3 * slot]!, sums[3 * slot + 1]!, sums[3 * slot + 2]!) && !hasher.hash(v) : !hasher.hash(v)) return false;
    ab[0] = hasher.a;
    ab[1] = hasher.b;
    if (cache !== null) {
      if (cache.size >= KNOWN_LIMIT) cache.clear();
      const k = 5 * cache.size;
      let e = entries[slot]!;
      if (k + 5 > e.length) {
        const grown = new Int32Array(Math.min(5 * KNOWN_LIMIT, Math.max(5 * 64, 2 * e.length)));
        grown.set(e);
        entries[slot] = e = grown;
      }
      e[k] = hasher.a;
      e[k + 1] = hasher.b;
      e[k + 2] = hasher.s1;
      e[k + 3] = hasher.s2;
      e[k + 4] = hasher.n;
      cache.set(v as object, k);
    }
    remember(v, slot);
    return true;
  };
}

/** How many objects a slot's table holds before it starts afresh. */
const KNOWN_LIMIT = 1 << 16;

// One round per value: the same code for the unrolled and the generic form.
const ROUND = `
      h1 = Math.imul(h1 ^ a, 2654435761) ^ Math.imul(h2 ^ b, 1597334677);
      h2 = Math.imul(h2 ^ a, 2246822507) ^ Math.imul(h1 ^ (b >>> 3), 3266489909);
      h1 = (h1 ^ (h1 >>> 15)) >>> 0;
      h2 = (h2 ^ (h2 >>> 13)) >>> 0;`;
const VALUE = (i: number | string) => `
      if (typeof v === 'number' && (v | 0) === v) { a = v; b = 0x9e3779b9; } // -0 too, which the key writes as 0
      else if (v === seen[${i}] && v !== undefined) { a = seenA[${i}]; b = seenB[${i}]; }
      else if (mixOther(v, ab, ${i})) { a = ab[0]; b = ab[1]; if (typeof v === 'object') { seen[${i}] = v; seenA[${i}] = a; seenB[${i}] = b; } }
      else return false;`;

/**
 * A 64-bit fingerprint of (configuration, context) computed from the values, not from the key
 * text: for a context whose defined keys are exactly those of the initial layout and whose
 * values are plain JSON data, each value is mixed in directly (a small integer in one or two
 * multiplications, anything else through `ValueHasher`'s structural hash). Any other context
 * is fingerprinted from its key text (`keyText`, which reports non-JSON data). Which branch runs depends only on
 * the canonical content, so states with equal keys always get equal fingerprints.
 *
 * The value loop is generated with `new Function`, unrolled over the layout's keys (sorted, as
 * JSON string literals), so each read is a fixed-name property load. `shaped` says the caller
 * knows the context's own keys are exactly the layout's; otherwise the defined keys are
 * counted first. Writes into `out`. Pure.
 *
 * `omit` (`--drop-auxiliary`): the fingerprint is that of the context without the model's
 * auxiliary fields. `initial` is then the initial context without them, a field that holds
 * some of them is taken through its projection as it is read, and a field that is auxiliary as
 * a whole is not read (nor counted); `shaped` still speaks of the whole context.
 */
export function contextFingerprinter(initial: Record<string, unknown>, omit?: Pick<ContextProjection, 'fields' | 'dropped'>): ContextFingerprinter {
  const keys = Object.keys(initial).sort();
  const projectors = keys.map((k) => omit?.fields.get(k));
  const dropped = omit?.dropped;
  const seeds = new Map<string, Fingerprint>();
  const seedOf = (valueKey: string): Fingerprint => {
    let s = seeds.get(valueKey);
    if (!s) seeds.set(valueKey, (s = fingerprint64(`structured|${valueKey}`, { hi: 0, lo: 0 })));
    return s;
  };
  const reads = keys.includes('__proto__')
    ? `for (let i = 0; i < keys.length; i++) { v = c[keys[i]]; if (projectors[i] !== undefined) v = projectors[i](v); ${VALUE('i')} ${ROUND} }`
    : keys.map((k, i) => `v = ${projectors[i] ? `projectors[${i}](c[${JSON.stringify(k)}])` : `c[${JSON.stringify(k)}]`}; ${VALUE(i)} ${ROUND}`).join('\n');
  const source = `
    return function mixContext(seedHi, seedLo, c, out) {
      let h1 = seedLo, h2 = seedHi, v, a, b;
      ${reads}
      h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
      out.hi = h2 >>> 0;
      out.lo = h1 >>> 0;
      if (out.hi === 0 && out.lo === 0) out.lo = 1;
      return true;
    };`;
  // The last object met at each key, with its hash: the successors of one state share the
  // objects their steps did not touch (contexts are immutable, as xstate requires), so most
  // nested values are hashed once per state expanded, not once per successor.
  const seen: unknown[] = keys.map(() => undefined);
  const seenA = new Int32Array(keys.length);
  const seenB = new Int32Array(keys.length);
  const mix = new Function('keys', 'mixOther', 'ab', 'seen', 'seenA', 'seenB', 'projectors', source)(keys, mixerOf(new ValueHasher(), keys.length), new Int32Array(2), seen, seenA, seenB, projectors) as (seedHi: number, seedLo: number, c: Record<string, unknown>, out: Fingerprint) => boolean;
  const fingerprint: ContextFingerprint = (seedHi, seedLo, context, shaped, out, keyText, state) => {
    if (!shaped) {
      let defined = 0;
      for (const k in context) if (context[k] !== undefined && !dropped?.has(k)) defined++;
      if (defined !== keys.length) {
        fingerprint64(keyText(state), out);
        return;
      }
    }
    if (!mix(seedHi, seedLo, context, out)) fingerprint64(keyText(state), out); // the key's own text, with its errors for non-JSON data
  };
  return { seedOf, fingerprint };
}
