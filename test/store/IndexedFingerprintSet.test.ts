import { expect } from 'chai';
import fc from 'fast-check';
import { IndexedFingerprintSet } from '../../src/store/IndexedFingerprintSet.ts';

// Fingerprints from a small pool (so repeats are common), never 0:0, with halves at the edges of 32 bits.
const half = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0x7fffffff, 0x80000000, 0xffffffff, -1));
const fingerprint = fc.tuple(half, half).filter(([hi, lo]) => (hi >>> 0) !== 0 || (lo >>> 0) !== 0);

describe('IndexedFingerprintSet (the liveness check\'s fingerprint -> state number map)', () => {
  it('numbers fingerprints 0, 1, 2, ... as a Map would, across growth, and finds each again (signed or unsigned halves alike)', () => {
    fc.assert(
      fc.property(fc.array(fingerprint, { maxLength: 400 }), fc.integer({ min: 1, max: 64 }), (fps, initial) => {
        const set = new IndexedFingerprintSet(initial);
        const oracle = new Map<string, number>();
        for (const [hi, lo] of fps) {
          const key = `${hi >>> 0}:${lo >>> 0}`;
          const want = oracle.get(key) ?? oracle.size;
          if (!oracle.has(key)) oracle.set(key, want);
          expect(set.findOrAdd(hi, lo)).to.equal(want);
        }
        expect(set.size).to.equal(oracle.size);
        for (const [key, id] of oracle) {
          const [hi, lo] = key.split(':').map(Number) as [number, number];
          expect(set.find(hi, lo)).to.equal(id);
          expect(set.find(hi | 0, lo | 0)).to.equal(id);
        }
        expect(set.find(0x12345678, 0x9abcdef0)).to.equal(oracle.get(`${0x12345678}:${0x9abcdef0}`) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('reserve sizes it once for the states expected, keeping the numbers it gave before', () => {
    const set = new IndexedFingerprintSet(16);
    for (let i = 1; i <= 100; i++) set.findOrAdd(i, i * 31);
    set.reserve(5000);
    const sized = set.bytes;
    expect(sized).to.equal(12 * (Math.floor(5000 / 0.75) + 1));
    for (let i = 1; i <= 100; i++) expect(set.find(i, i * 31)).to.equal(i - 1);
    for (let i = 101; i <= 5000; i++) expect(set.findOrAdd(i, i * 31)).to.equal(i - 1);
    expect(set.bytes, 'no growth up to the states reserved').to.equal(sized);
    set.findOrAdd(5001, 5001 * 31);
    set.reserve(10);
    expect(set.size).to.equal(5001);
    expect(set.bytes).to.be.at.least(sized);
  });
});
