/**
 * A merge specialised to the context's fixed layout (the top-level keys of the initial context,
 * in their order): `merge(ctx, partial)` is `Object.assign({}, ctx, partial)` for a `ctx` whose
 * own keys are exactly the layout's, written as one object literal so that every context has
 * the same hidden class and the copy is a straight run of stores. It returns `undefined` when
 * `partial` adds a key outside the layout: the caller then merges generically and the result is
 * no longer layout-shaped. Only string keys are copied (contexts are JSON data).
 *
 * Generated with `new Function` from the layout's keys, each written as a JSON string literal;
 * a layout holding `__proto__` (which a literal would take as the prototype) gets no merger.
 */
export type ContextMerger = (ctx: Record<string, unknown>, partial: Record<string, unknown>) => Record<string, unknown> | undefined;

export function contextMerger(initial: Record<string, unknown>): ContextMerger | undefined {
  const keys = Object.keys(initial);
  if (keys.includes('__proto__')) return undefined;
  const inLayout: Record<string, true> = Object.create(null);
  for (const k of keys) inLayout[k] = true;
  const literal = keys.map((k) => `${JSON.stringify(k)}: c[${JSON.stringify(k)}]`).join(', ');
  const body = `
    const o = { ${literal} };
    for (const k in p) {
      if (inLayout[k] !== true) return undefined;
      o[k] = p[k];
    }
    return o;`;
  const make = new Function('inLayout', `return function mergeContext(c, p) {${body}\n};`) as (l: Record<string, true>) => ContextMerger;
  return make(inLayout);
}
