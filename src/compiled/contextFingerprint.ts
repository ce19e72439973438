import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';

/**
 * A 64-bit fingerprint of (configuration, context) computed from the values, not from the key
 * text: for a context whose defined keys are exactly those of the initial layout and whose
 * values are finite numbers, booleans or strings, each value is mixed in directly (one or two
 * multiplications instead of one per character of the key). Any other context is fingerprinted
 * from its key text (`keyText`, which reports non-JSON data). Which branch runs depends only on the canonical content, so
 * states with equal keys always get equal fingerprints. Writes into `out`. Pure.
 */
export function contextFingerprinter(
  initial: Record<string, unknown>,
): (valueKey: string, context: Record<string, unknown>, out: Fingerprint, keyText: () => string) => void {
  const keys = Object.keys(initial).sort();
  const seeds = new Map<string, Fingerprint>();
  const seedOf = (valueKey: string): Fingerprint => {
    let s = seeds.get(valueKey);
    if (!s) seeds.set(valueKey, (s = fingerprint64(`structured|${valueKey}`, { hi: 0, lo: 0 })));
    return s;
  };
  return (valueKey, context, out, keyText) => {
    let defined = 0;
    for (const k in context) if (context[k] !== undefined) defined++;
    let fast = defined === keys.length;
    const seed = seedOf(valueKey);
    let h1 = seed.lo;
    let h2 = seed.hi;
    for (let i = 0; fast && i < keys.length; i++) {
      const v = context[keys[i]!];
      let a: number;
      let b: number;
      if (typeof v === 'number' && Number.isFinite(v)) {
        if ((v | 0) === v) { // -0 too, which the key writes as 0
          a = v;
          b = 0x9e3779b9;
        } else {
          const f = fingerprint64(String(v), { hi: 0, lo: 0 });
          a = f.lo;
          b = f.hi ^ 0x85ebca6b;
        }
      } else if (typeof v === 'boolean') {
        a = v ? 1 : 0;
        b = 0xc2b2ae35;
      } else if (typeof v === 'string') {
        const f = fingerprint64(v, { hi: 0, lo: 0 });
        a = f.lo;
        b = f.hi ^ 0x27d4eb2f;
      } else {
        fast = false; // absent, nested or non-JSON: the key text decides (and reports errors)
        break;
      }
      h1 = Math.imul(h1 ^ a, 2654435761) ^ Math.imul(h2 ^ b, 1597334677);
      h2 = Math.imul(h2 ^ a, 2246822507) ^ Math.imul(h1 ^ (b >>> 3), 3266489909);
      h1 = (h1 ^ (h1 >>> 15)) >>> 0;
      h2 = (h2 ^ (h2 >>> 13)) >>> 0;
    }
    if (!fast) {
      fingerprint64(keyText(), out); // the key's own text, with its errors for non-JSON data
      return;
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    out.hi = h2 >>> 0;
    out.lo = h1 >>> 0;
    if (out.hi === 0 && out.lo === 0) out.lo = 1;
  };
}
