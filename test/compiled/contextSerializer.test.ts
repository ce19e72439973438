import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson } from 'lucheck';
import { contextSerializer } from '../../src/compiled/contextSerializer.ts';

describe('contextSerializer', () => {
  it('always equals canonicalJson, for contexts of the initial layout and of any other shape', () => {
    const value = fc.oneof(fc.integer(), fc.boolean(), fc.string(), fc.constant(undefined), fc.jsonValue());
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), value), fc.dictionary(fc.string({ maxLength: 4 }), value), (initial, other) => {
        const write = contextSerializer(initial);
        const sameLayout = Object.fromEntries(Object.keys(initial).map((k) => [k, other[k] ?? 1]));
        expect(write(sameLayout)).to.equal(canonicalJson(sameLayout));
        expect(write(other)).to.equal(canonicalJson(other));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses non-JSON values as canonicalJson does', () => {
    const write = contextSerializer({ a: 0, b: 0 });
    expect(() => write({ a: NaN, b: 0 })).to.throw('holds NaN');
    expect(() => write({ a: new Map(), b: 0 })).to.throw('context.a holds a Map');
  });
});
