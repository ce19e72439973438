import { expect } from 'chai';
import fc from 'fast-check';
import { FingerprintTable } from 'lucheck';
import { MapStateStore } from '../../src/store/MapStateStore.ts';
import { fingerprint64, collisionProbability, type Fingerprint } from '../../src/store/fingerprint.ts';

const U32 = 0xffffffff;

/**
 * One 32-bit half, biased towards the awkward cases: 0, the extremes, tiny values (so that
 * whole pairs repeat) and values that share their low bits (so that they hash to the same slot
 * and exercise linear probing and wrap-around at the end of the slot array).
 */
const half = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.constantFrom(1, 0x7fffffff, 0x80000000, U32), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 7 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 15 }).map((v) => ((v << 20) | 0xf) >>> 0), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: U32 }), weight: 3 },
);
const pair = fc.tuple(half, half).filter(([hi, lo]) => hi !== 0 || lo !== 0);

/** An insertion: a fresh key, or a repeat of an earlier one (by index), with any parent and event. */
type Op = { fresh: [number, number] } | { repeat: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: pair.map((p) => ({ fresh: p })), weight: 3 },
  { arbitrary: fc.nat().map((n) => ({ repeat: n })), weight: 1 },
);
const insertion = fc.record({
  op,
  parent: fc.integer({ min: -1, max: 0x7fffffff }),
  event: fc.integer({ min: 0, max: 0xffff }),
});

/** Compares the two stores completely (plain comparisons: this runs after every growth). */
function expectSameContents(table: FingerprintTable, map: MapStateStore, keys: readonly (readonly [number, number])[]): void {
  if (table.size !== map.size) expect.fail(`size ${table.size}, reference ${map.size}`);
  for (const [hi, lo] of keys) {
    if (!map.has(hi, lo)) expect.fail(`key ${hi}:${lo} missing from the reference`);
    if (!table.has(hi, lo)) expect.fail(`key ${hi}:${lo} lost`);
  }
  for (let id = 0; id < map.size; id++) {
    const got = [table.parentOf(id), table.eventOf(id)];
    const want = [map.parentOf(id), map.eventOf(id)];
    if (got.some((v, i) => v !== want[i])) expect.fail(`state ${id}: parent/event ${got.join('/')}, reference ${want.join('/')}`);
  }
}

describe('FingerprintTable', () => {
  it('behaves exactly like MapStateStore (add results, membership, size, parent/event by number) through many growths from 16 slots, each key\'s place touched first as the search does', () => {
    let mostGrowths = 0;
    fc.assert(
      fc.property(fc.array(insertion, { minLength: 1, maxLength: 400, size: 'max' }), (ops) => {
        const table = new FingerprintTable(16);
        const map = new MapStateStore();
        const keys: [number, number][] = [];
        let bytes = table.bytes;
        let growths = -1; // the first add allocates the first chunk
        for (const { op, parent, event } of ops) {
          if (!('fresh' in op) && keys.length === 0) continue;
          const key = 'fresh' in op ? op.fresh : keys[op.repeat % keys.length]!;
          const [hi, lo] = key;
          table.touch(lo); // a read that changes nothing
          const found = table.has(hi, lo);
          if (found !== map.has(hi, lo)) expect.fail(`has(${hi}, ${lo}) before add gives ${found}, reference ${map.has(hi, lo)}`);
          const added = map.add(hi, lo, parent, event);
          if (table.add(hi, lo, parent, event) !== added) expect.fail(`add(${hi}, ${lo}) should return ${added}`);
          if (added) keys.push(key);
          if (table.size !== map.size) expect.fail(`size ${table.size} after add(${hi}, ${lo}), reference ${map.size}`);
          if (table.bytes !== bytes) {
            // the slot array was grown and rehashed: no key may have been lost
            bytes = table.bytes;
            growths++;
            expectSameContents(table, map, keys);
          }
        }
        expectSameContents(table, map, keys);
        mostGrowths = Math.max(mostGrowths, growths);
      }),
      { numRuns: 300 },
    );
    // 16 slots hold 12 states; about 300 distinct keys need 16 * 1.5^8 (410) slots: 8 growths
    expect(mostGrowths, 'growths in the largest run').to.be.at.least(6);
  });

  it('holds 300,000 distinct keys with their parents and events after 25 growths and 19 chunks, the set at <= 16 bytes a state', () => {
    const N = 300_000;
    const table = new FingerprintTable(16);
    // hi = i makes every key distinct; lo is well spread, except every 1000th key, which has
    // lo = 0 (a long probe cluster at slot 0) and every 997th, which shares its low 20 bits.
    const loOf = (i: number) => (i % 1000 === 0 ? 0 : i % 997 === 0 ? ((i << 20) | 0x1234) >>> 0 : Math.imul(i, 0x9e3779b1) >>> 0);
    const parentOf = (i: number) => (i === 1 ? -1 : (i * 7) % (i - 1));
    const eventOf = (i: number) => ((i * 2654435761) >>> 0) & 0xffff;
    for (let i = 1; i <= N; i++) {
      if (!table.add(i, loOf(i), parentOf(i), eventOf(i))) expect.fail(`key #${i} reported as already present`);
    }
    expect(table.size).to.equal(N);
    for (let i = 1; i <= N; i++) {
      if (!table.has(i, loOf(i))) expect.fail(`key #${i} (${i}:${loOf(i)}) lost`);
      const id = i - 1;
      if (table.parentOf(id) !== parentOf(i)) expect.fail(`parentOf(${id}) = ${table.parentOf(id)}, expected ${parentOf(i)}`);
      if (table.eventOf(id) !== eventOf(i)) expect.fail(`eventOf(${id}) = ${table.eventOf(id)}, expected ${eventOf(i)}`);
    }
    // re-adding changes nothing; absent keys are not found
    for (let i = 1; i <= N; i += 4999) {
      expect(table.add(i, loOf(i), 123, 456)).to.equal(false);
      expect(table.parentOf(i - 1)).to.equal(parentOf(i));
      expect(table.has(i + N, loOf(i))).to.equal(false);
    }
    expect(table.size).to.equal(N);
    // 16 slots grown 25 times by 1.5x (rounded up) to 404,419 slots of 8 bytes, + 19 chunks of
    // 2^14 trace links of 6 bytes
    let cap = 16;
    for (let g = 0; g < 25; g++) cap = Math.ceil(cap * 1.5);
    expect(cap).to.be.above(N / 0.75).and.below(1.5 * (N / 0.75));
    expect(table.setBytes).to.equal(cap * 8);
    expect(table.bytes).to.equal(cap * 8 + 19 * 2 ** 14 * 6);
    expect(table.setBytes / table.size, 'visited set bytes per state').to.be.at.most(16);
  });

  it('keeps the visited set between 10.7 and 16 bytes a state once past its first allocation', () => {
    const table = new FingerprintTable(16);
    for (let i = 1; i <= 50_000; i++) {
      table.add(i, Math.imul(i, 0x9e3779b1) >>> 0, i - 2, 0);
      if (i >= 12) {
        const perState = table.setBytes / table.size;
        if (perState > 16 + 1e-9 || perState < 8 / 0.75 - 1e-9) expect.fail(`${perState} bytes a state at ${i} states`);
      }
    }
  });

  it('refuses an event index it cannot hold (more than 65,536 enabled events in one state)', () => {
    const t = new FingerprintTable(16);
    expect(() => t.add(1, 1, -1, 0x10000)).to.throw(RangeError, /65535/);
    expect(t.size).to.equal(0);
    expect(t.has(1, 1)).to.equal(false);
    expect(t.add(1, 1, -1, 0xffff)).to.equal(true);
    expect(t.eventOf(0)).to.equal(0xffff);
  });

  it('reads fingerprint halves as unsigned in has as in add (-1 and 0xffffffff are one key)', () => {
    const t = new FingerprintTable(16);
    expect(t.add(0xffffffff, 1, -1, 0)).to.equal(true);
    expect(t.has(-1, 1)).to.equal(true);
    expect(t.add(-1, 1, 0, 0)).to.equal(false);
    expect(t.has(1, -1)).to.equal(false);
  });

  describe('reserve (--expect-states)', () => {
    it('sizes the set once for the states expected: they all go in without another allocation, and more grow it as before', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (expected, extra, seed) => {
          const table = new FingerprintTable(16);
          table.reserve(expected);
          const sized = table.setBytes;
          // the slots for `expected` at the set's load of at most 3/4 (16 slots hold 12), 8 bytes a slot
          expect(sized).to.equal(8 * (expected <= 12 ? 16 : Math.floor(expected / 0.75) + 1));
          let x = seed;
          const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
          const keys: [number, number][] = [];
          while (keys.length < expected + extra) {
            const k: [number, number] = [next(), next() | 1];
            if (table.add(k[0], k[1], keys.length - 1, 0)) keys.push(k);
            if (keys.length <= expected && table.setBytes !== sized) expect.fail(`the set grew at ${keys.length} of ${expected} expected states`);
          }
          if (expected + extra > Math.floor(0.75 * (sized / 8)) && table.setBytes === sized) expect.fail(`${expected + extra} states in a set sized for ${expected} did not grow it`);
          for (const [hi, lo] of keys) if (!table.has(hi, lo)) expect.fail(`key ${hi}:${lo} lost`);
        }),
        { numRuns: 100 },
      );
    });

    it('keeps every state and its links through a reserve made after states were stored, and never shrinks', () => {
      const table = new FingerprintTable(16);
      for (let i = 1; i <= 1000; i++) table.add(i * 7919, i * 104729, i - 2, i % 5);
      const before = table.setBytes;
      table.reserve(10);
      expect(table.setBytes, 'a smaller reserve').to.equal(before);
      table.reserve(100_000);
      expect(table.setBytes).to.equal(8 * (Math.floor(100_000 / 0.75) + 1));
      for (let i = 1; i <= 1000; i++) {
        expect(table.has(i * 7919, i * 104729), `state ${i}`).to.equal(true);
        expect([table.parentOf(i - 1), table.eventOf(i - 1)]).to.deep.equal([i - 2, i % 5]);
      }
      expect(table.add(7919, 104729, 0, 0), 'a stored state is not added again').to.equal(false);
      expect(table.size).to.equal(1000);
    });
  });

  describe('fingerprint64', () => {
    it('gives the same fingerprint for the same string, whatever the out object held before', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 60, size: 'medium' }), fc.integer({ min: 0, max: U32 }), (text, junk) => {
          const a = fingerprint64(text, { hi: 0, lo: 0 });
          const out: Fingerprint = { hi: junk, lo: junk };
          const b = fingerprint64((' ' + text).slice(1), out);
          expect(b).to.equal(out);
          expect(b).to.deep.equal(a);
          expect(Number.isInteger(a.hi) && a.hi >= 0 && a.hi <= U32).to.equal(true);
          expect(Number.isInteger(a.lo) && a.lo >= 0 && a.lo <= U32).to.equal(true);
        }),
        { numRuns: 300 },
      );
    });

    it('gives 200,001 distinct strings 200,001 distinct fingerprints, none of them 0:0', () => {
      const strings: string[] = [''];
      for (let c = 0; c < 0x10000; c++) strings.push(String.fromCharCode(c)); // every UTF-16 code unit
      for (let i = 0; strings.length < 200_001; i++) {
        // keys shaped like the adapter's, differing in a digit or in the order of two fields
        strings.push(i % 2 === 0 ? `"s${i % 7}"|{"x":${i}}` : `{"y":${i >> 1},"x":${i % 13}}`);
      }
      expect(new Set(strings).size).to.equal(strings.length);
      const seen = new Map<bigint, string>();
      const fp: Fingerprint = { hi: 0, lo: 0 };
      for (const s of strings) {
        fingerprint64(s, fp);
        if (fp.hi === 0 && fp.lo === 0) expect.fail(`fingerprint64(${JSON.stringify(s)}) is 0:0`);
        const k = (BigInt(fp.hi) << 32n) | BigInt(fp.lo);
        const other = seen.get(k);
        if (other !== undefined) expect.fail(`${JSON.stringify(s)} and ${JSON.stringify(other)} share fingerprint ${fp.hi}:${fp.lo}`);
        seen.set(k, s);
      }
      expect(seen.size).to.equal(200_001);
    });

    it('spreads single-character changes over both 32-bit halves', () => {
      const a = fingerprint64('"s0"|{"x":1}', { hi: 0, lo: 0 });
      const b = fingerprint64('"s0"|{"x":2}', { hi: 0, lo: 0 });
      expect(a.hi).to.not.equal(b.hi);
      expect(a.lo).to.not.equal(b.lo);
    });
  });

  describe('collisionProbability', () => {
    it('is distinct * (generated - distinct) / 2^64', () => {
      expect(collisionProbability(2 ** 32, 2 ** 33)).to.equal(1);
      expect(collisionProbability(1_000_000, 3_000_000)).to.equal((1_000_000 * 2_000_000) / 2 ** 64);
      expect(collisionProbability(1, 2)).to.equal(2 ** -64);
      fc.assert(
        fc.property(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 40 }), (distinct, revisits) => {
          expect(collisionProbability(distinct, distinct + revisits)).to.equal((distinct * revisits) / 2 ** 64);
        }),
      );
    });

    it('is 0 when every generated state was distinct', () => {
      fc.assert(
        fc.property(fc.nat(), (n) => {
          expect(collisionProbability(n, n)).to.equal(0);
        }),
      );
      expect(collisionProbability(0, 0)).to.equal(0);
    });
  });
});
