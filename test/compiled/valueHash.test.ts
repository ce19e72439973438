import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson } from 'lucheck';
import { ValueHasher } from '../../src/compiled/valueHash.ts';

const hashOf = (h: ValueHasher, v: unknown): string | false => (h.hash(v) ? `${h.a}:${h.b}` : false);

/** The same data spelled otherwise: keys reversed, extra undefined-valued keys, -0 for 0. */
function respell(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(respell);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = { zz_absent: undefined };
    // defineProperty: a `__proto__` key stays an own property, as JSON.parse makes it
    for (const [k, x] of Object.entries(v).reverse()) Object.defineProperty(out, k, { value: respell(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v === 0 ? -0 : v;
}

describe('ValueHasher', () => {
  it('gives equal hashes to values with equal canonical JSON, however spelled', () => {
    const h = new ValueHasher();
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(hashOf(h, respell(v))).to.equal(hashOf(h, v));
        expect(hashOf(h, v)).to.not.equal(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('takes an undefined array element as null, as JSON writes it', () => {
    const h = new ValueHasher();
    expect(canonicalJson([1, undefined])).to.equal(canonicalJson([1, null]));
    expect(hashOf(h, [1, undefined])).to.equal(hashOf(h, [1, null]));
  });

  it('gives different hashes to different values (no collision among 60,000 small nested values)', () => {
    const h = new ValueHasher();
    const seen = new Map<string, string>();
    const values: unknown[] = [];
    for (let i = 0; i < 20_000; i++) {
      values.push({ mm0: { locked_vm: i % 100, pinned_vm: (i / 100) | 0 }, owner: i % 2 ? 'mm0' : 'mm1' });
      values.push([i, [i % 7], { a: i % 3 === 0 }]);
      values.push({ [`k${i % 50}`]: i, [`k${(i + 1) % 50}`]: String(i), x: i / 4 });
    }
    values.push({ a: 1, b: 2 }, { a: 2, b: 1 }, { a: [1, 2] }, { a: [2, 1] }, [[]], [{}], {}, [], '', 0, null, false, '0', 'null', { '': 0 });
    for (const v of values) {
      const key = canonicalJson(v);
      const got = hashOf(h, v) as string;
      const before = seen.get(got);
      if (before !== undefined && before !== key) expect.fail(`${key} and ${before} share the hash ${got}`);
      seen.set(got, key);
    }
    expect(seen.size).to.equal(new Set(values.map((v) => canonicalJson(v))).size);
  });

  it('refuses what canonicalJson refuses, anywhere in the value', () => {
    const h = new ValueHasher();
    class Pin {}
    for (const bad of [new Map(), new Pin(), () => 1, NaN, Infinity, { a: [1, { b: new Set() }] }, [Symbol('x')], 10n, undefined]) {
      expect(hashOf(h, bad), typeof bad).to.equal(false);
      expect(() => canonicalJson(bad)).to.throw();
    }
  });

  describe('hashFrom: an object hashed from an earlier one', () => {
    const record = fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 });
    /** `next` built from `prev` as a step builds one: most entries the very objects they were, some replaced, added or removed. */
    const edit = fc.tuple(record, record, fc.array(fc.nat(), { maxLength: 8 })).map(([prev, fresh, drop]) => {
      const keys = Object.keys(prev);
      const next: Record<string, unknown> = { ...prev, ...fresh };
      for (const d of drop) if (keys.length > 0) delete next[keys[d % keys.length]!];
      return { prev, next };
    });

    it('gives exactly hash(next), whatever was replaced, added or removed', () => {
      const h = new ValueHasher();
      fc.assert(
        fc.property(edit, ({ prev, next }) => {
          expect(h.hash(prev)).to.equal(true);
          const { s1, s2, n } = h;
          const full = hashOf(new ValueHasher(), next);
          expect(h.hashFrom(next, prev, s1, s2, n)).to.equal(true);
          expect(`${h.a}:${h.b}`).to.equal(full);
          // and chains: the sums it leaves start the next one
          const again = { ...next, extra: [1] };
          expect(h.hashFrom(again, next, h.s1, h.s2, h.n)).to.equal(true);
          expect(`${h.a}:${h.b}`).to.equal(hashOf(new ValueHasher(), again));
        }),
        { numRuns: 1000 },
      );
    });

    it('takes undefined-valued keys as absent, on either side', () => {
      const h = new ValueHasher();
      const prev = { a: 1, b: undefined, c: 'x' };
      h.hash(prev);
      const next = { a: 1, b: 2, c: undefined };
      expect(h.hashFrom(next, prev, h.s1, h.s2, h.n)).to.equal(true);
      expect(`${h.a}:${h.b}`).to.equal(hashOf(new ValueHasher(), { a: 1, b: 2 }));
    });

    it('refuses what hash refuses: a non-JSON entry, an array, a class instance', () => {
      const h = new ValueHasher();
      const prev = { a: 1 };
      h.hash(prev);
      const { s1, s2, n } = h;
      expect(h.hashFrom({ a: 1, b: new Map() }, prev, s1, s2, n)).to.equal(false);
      expect(h.hashFrom([1], prev, s1, s2, n)).to.equal(false);
      class Pin {}
      expect(h.hashFrom(new Pin(), prev, s1, s2, n)).to.equal(false);
    });
  });

  describe('hashFlatArray and hashFlatArrayFrom: arrays of scalars, in full and from an earlier one', () => {
    const scalar = fc.oneof(fc.boolean(), fc.nat({ max: 1100 }), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 2 }), fc.constant(null), fc.constant(undefined), fc.constant(-0));
    /** `next` built from `prev` as a step builds one: a copy with a few items replaced, or another length. */
    const edit = fc.tuple(fc.array(scalar, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(), scalar), { maxLength: 4 }), fc.integer({ min: -1, max: 1 })).map(([prev, changes, grow]) => {
      const next = prev.slice();
      for (const [i, v] of changes) if (next.length > 0) next[i % next.length] = v;
      if (grow > 0) next.push(true);
      if (grow < 0) next.pop();
      return { prev, next };
    });

    it('gives exactly hash(array), in full and from any earlier array, and chains', () => {
      const h = new ValueHasher();
      fc.assert(
        fc.property(edit, ({ prev, next }) => {
          expect(h.hashFlatArray(prev)).to.equal(true);
          expect(`${h.a}:${h.b}`).to.equal(hashOf(new ValueHasher(), prev));
          const full = hashOf(new ValueHasher(), next);
          expect(h.hashFlatArrayFrom(next, prev, h.as1, h.as2)).to.equal(true);
          expect(`${h.a}:${h.b}`).to.equal(full);
          const again = next.slice().reverse();
          expect(h.hashFlatArrayFrom(again, next, h.as1, h.as2)).to.equal(true);
          expect(`${h.a}:${h.b}`).to.equal(hashOf(new ValueHasher(), again));
        }),
        { numRuns: 1000 },
      );
    });

    it('tells arrays apart by the order of their items and by their length', () => {
      const h = new ValueHasher();
      const seen = new Map<string, string>();
      for (let n = 0; n <= 10; n++) {
        for (let bits = 0; bits < 1 << n; bits++) {
          const a = Array.from({ length: n }, (_, k) => ((bits >> k) & 1) === 1);
          const key = hashOf(h, a) as string;
          expect(seen.get(key), `${JSON.stringify(a)} and ${seen.get(key)}`).to.equal(undefined);
          seen.set(key, JSON.stringify(a));
        }
      }
      expect(hashOf(h, [1, 2])).to.not.equal(hashOf(h, [2, 1]));
      expect(hashOf(h, [0])).to.not.equal(hashOf(h, [false]));
    });

    it('refuses, with nothing hashed, an array holding an object or what hash refuses, in full and from an earlier one', () => {
      const h = new ValueHasher();
      const prev = [1, 2, 3];
      expect(h.hashFlatArray(prev)).to.equal(true);
      const { as1, as2 } = h;
      for (const bad of [[1, { a: 1 }, 3], [1, [2], 3], [1, Number.NaN, 3], [1, 2, Infinity]]) {
        expect(h.hashFlatArray(bad), JSON.stringify(bad)).to.equal(false);
        expect(h.hashFlatArrayFrom(bad, prev, as1, as2), JSON.stringify(bad)).to.equal(false);
      }
    });
  });
});
