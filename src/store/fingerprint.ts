/** A 64-bit fingerprint as two unsigned 32-bit halves. */
export interface Fingerprint {
  hi: number;
  lo: number;
}

/**
 * Hashes a string to 64 bits (two independent 32-bit lanes over the UTF-16 code units, mixed
 * at the end, in the manner of cyrb53 but keeping all 64 bits). Writes into `out` instead of
 * allocating, because it runs once per generated state. Never yields 0:0 (kept free as a
 * sentinel for stores that want one). Pure and deterministic across runs and machines.
 */
export function fingerprint64(text: string, out: Fingerprint): Fingerprint {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out.hi = h2 >>> 0;
  out.lo = h1 >>> 0;
  if (out.hi === 0 && out.lo === 0) out.lo = 1;
  return out;
}

/**
 * Estimated probability that two distinct states shared a fingerprint during a run, as TLC
 * estimates it ("optimistic"): each of the `generated - distinct` revisits compared against
 * `distinct` stored fingerprints, each comparison a false match with probability 2^-64.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
