import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson } from 'lucheck';
import { contextFingerprinter } from '../../src/compiled/contextFingerprint.ts';
import { withoutAuxiliary } from '../../src/model/withoutAuxiliary.ts';

const fp = (f: ReturnType<typeof contextFingerprinter>, valueKey: string, ctx: Record<string, unknown>) => {
  const out = { hi: 0, lo: 0 };
  const seed = f.seedOf(valueKey);
  f.fingerprint(seed.hi, seed.lo, ctx, false, out, (c: Record<string, unknown>) => `${valueKey}|${canonicalJson(c)}`, ctx);
  return `${out.hi}:${out.lo}`;
};

describe('contextFingerprinter', () => {
  const scalar = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.string({ maxLength: 3 }), fc.jsonValue());
  const ctxArb = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), scalar);

  it('gives equal fingerprints to contexts with equal keys: whatever the property order, undefined-valued or extra-undefined keys', () => {
    fc.assert(
      fc.property(ctxArb, ctxArb, fc.constantFrom('"s0"', '{"r":"x"}'), (initial, ctx, valueKey) => {
        const f = contextFingerprinter(initial);
        const reordered: Record<string, unknown> = Object.fromEntries(Object.entries(ctx).reverse());
        reordered.zz = undefined;
        expect(fp(f, valueKey, reordered)).to.equal(fp(f, valueKey, ctx));
        // the layout's own shape takes the fast path; it must agree with the same content spelled otherwise
        const layout = Object.fromEntries(Object.keys(initial).map((k) => [k, ctx[k] ?? 0]));
        const spelled: Record<string, unknown> = { ...Object.fromEntries(Object.entries(layout).reverse()), extra: undefined };
        expect(fp(f, valueKey, spelled)).to.equal(fp(f, valueKey, layout));
      }),
      { numRuns: 500 },
    );
  });

  it('without the auxiliary fields, fingerprints a context (shaped or not) as the context without them', () => {
    const model = { name: 'm', machine: () => ({}) as never, events: () => [], auxiliary: () => ['d', 'b.x', 'b.y.z'] };
    const omit = withoutAuxiliary(model, {}, false).omit!;
    const nested = fc.oneof(scalar, fc.record({ x: scalar, y: fc.oneof(scalar, fc.record({ z: scalar, w: scalar }, { requiredKeys: [] })), v: scalar }, { requiredKeys: [] }));
    const full = fc.record({ a: scalar, b: nested, c: scalar, d: scalar });
    fc.assert(
      fc.property(full, full, fc.boolean(), (initial, ctx, shaped) => {
        const dropping = contextFingerprinter(omit.context(initial), omit);
        const plain = contextFingerprinter(omit.context(initial));
        const out = { hi: 0, lo: 0 };
        const text = (c: Record<string, unknown>) => `"s"|${canonicalJson(omit.context(c))}`;
        // the same object twice in a row: the projection's memory of its last value
        for (let i = 0; i < 2; i++) {
          const seed = dropping.seedOf('"s"');
          dropping.fingerprint(seed.hi, seed.lo, ctx, shaped, out, text, ctx);
          expect(`${out.hi}:${out.lo}`).to.equal(fp(plain, '"s"', omit.context(ctx)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives -0 and 0 one fingerprint, as the key writes both as 0', () => {
    const f = contextFingerprinter({ a: 0 });
    expect(canonicalJson({ a: -0 })).to.equal(canonicalJson({ a: 0 }));
    expect(fp(f, '"s"', { a: -0 })).to.equal(fp(f, '"s"', { a: 0 }));
  });

  it('gives different fingerprints to different keys (no collision among many small contexts)', () => {
    const f = contextFingerprinter({ a: 0, b: 0, c: false });
    const byFp = new Map<string, string>();
    for (let a = -20; a <= 20; a++) {
      for (let b = -20; b <= 20; b++) {
        for (const c of [true, false, 'x', 0.5]) {
          for (const valueKey of ['"s0"', '"s1"']) {
            const ctx = { a, b, c };
            const key = `${valueKey}|${canonicalJson(ctx)}`;
            const got = fp(f, valueKey, ctx);
            expect(byFp.get(got) ?? key, `collision on ${key}`).to.equal(key);
            byFp.set(got, key);
          }
        }
      }
    }
    expect(byFp.size).to.equal(41 * 41 * 4 * 2);
  });

  it('fingerprints a context the same whether its objects were met before or not (the per-key cache)', () => {
    const pool = fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.string({ maxLength: 2 }), fc.integer())), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(pool, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 30 }), (values, picks) => {
        const initial = { a: 0, b: 0, c: 0 };
        const cached = contextFingerprinter(initial);
        for (const [i, j, k] of picks) {
          // the same objects again and again, as the successors of one state share them
          const ctx = { a: values[i % values.length], b: values[j % values.length], c: values[k % values.length] };
          const fresh = contextFingerprinter(initial);
          expect(fp(cached, '"s"', ctx)).to.equal(fp(fresh, '"s"', structuredClone(ctx)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

