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

/** The merger for a layout (`contextLayout` of the initial context; undefined: none can be built). */
export function contextMerger(keys: readonly string[] | undefined): ContextMerger | undefined {
  if (keys === undefined) return undefined;
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

/** The context's fixed layout (its top-level keys in order), or undefined where no merger can be built. */
export function contextLayout(initial: Record<string, unknown>): readonly string[] | undefined {
  const keys = Object.keys(initial);
  return keys.includes('__proto__') ? undefined : keys;
}

/** A property-form assign and the merge after it, in one step: layout-shaped context in, the next one out. */
export type LayoutAssigner = (ctx: Record<string, unknown>, event: unknown) => Record<string, unknown>;

/**
 * `assign({ k: f, ... })` fused with the merge for a layout-shaped context: the property
 * functions run in their declared order on the same `{ context, event }`, as xstate runs them,
 * and the next context is one object literal of the layout, with no partial object in between.
 * Undefined when a property is outside the layout (the generic merge then decides).
 */
export function layoutAssigner(layout: readonly string[], entries: readonly (readonly [string, unknown])[]): LayoutAssigner | undefined {
  const assigned = new Map(entries.map(([k], i) => [k, i]));
  if ([...assigned.keys()].some((k) => k === '__proto__' || !layout.includes(k))) return undefined;
  const values = entries.map(([, v]) => v);
  const computed = entries.map(([, v], i) => `const x${i} = ${typeof v === 'function' ? `v[${i}](args)` : `v[${i}]`};`).join('\n');
  const literal = layout.map((k) => `${JSON.stringify(k)}: ${assigned.has(k) ? `x${assigned.get(k)}` : `c[${JSON.stringify(k)}]`}`).join(', ');
  const body = `const args = { context: c, event: e };\n${computed}\nreturn { ${literal} };`;
  return new Function('v', `return function layoutAssign(c, e) {${body}\n};`)(values) as LayoutAssigner;
}
