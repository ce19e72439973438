import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson } from 'lucheck';

describe('canonicalJson', () => {
  it('round-trips any JSON value and ignores property insertion order', () => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversed((v as Record<string, unknown>)[k])]))
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(JSON.parse(text)).to.deep.equal(JSON.parse(JSON.stringify(v))); // JSON semantics: -0 is 0
        expect(canonicalJson(reversed(v))).to.equal(text);
      }),
    );
  });

  it('gives one key whatever the property order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).to.equal(canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }));
  });

  it('refuses Maps, Sets, class instances, functions and non-finite numbers, naming the path', () => {
    class Page {}
    expect(() => canonicalJson({ a: new Map() }, 'context')).to.throw('context.a holds a Map');
    expect(() => canonicalJson({ a: [new Set()] }, 'context')).to.throw('context.a[0] holds a Set');
    expect(() => canonicalJson({ p: new Page() }, 'context')).to.throw('context.p holds an instance of Page');
    expect(() => canonicalJson({ f: () => 1 }, 'context')).to.throw('context.f holds a function');
    expect(() => canonicalJson({ n: NaN }, 'context')).to.throw('context.n holds NaN');
  });
});
