import { expect } from 'chai';
import fc from 'fast-check';

/** Deep equality that tells -0 from 0, sees NaN as itself, and compares own key order. */
export function same(a: unknown, b: unknown, path = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Object.is(a, b)) expect.fail(`${path}: ${String(b)} read back, ${String(a)} written`);
    return;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) expect.fail(`${path}: array shape differs`);
    a.forEach((x, i) => same(x, (b as unknown[])[i], `${path}[${i}]`));
    return;
  }
  if (a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype) {
    if (b === null || typeof b !== 'object' || Object.getPrototypeOf(b) !== Object.prototype) expect.fail(`${path}: not a plain object`);
    expect(Object.keys(b as object), `${path} keys in order`).to.deep.equal(Object.keys(a));
    for (const k of Object.keys(a)) same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  if (a !== b) expect.fail(`${path}: ${String(b)} read back, ${String(a)} written`);
}

const leaf = fc.oneof(
  fc.double(), // NaN, -0 and the infinities included
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
/** JSON-like values: numbers (NaN, -0 and the infinities included), strings, booleans, null, undefined, arrays and plain objects nested a little. */
export const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('a', 'b', 'pins', 'mm0', '', 'a\u0000', '\u0000b'), tie('v'), { maxKeys: 4 })),
})).v;
