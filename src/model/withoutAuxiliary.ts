import type { AnySnapshot, ModelDefinition } from './defineModel.ts';
import type { ParamValues } from './params.ts';
import { ModelError, UsageError, describeThrown } from './errors.ts';

/** Paths into the context, as a tree: a leaf (`true`) is a property to leave out. */
export type PathTree = Map<string, PathTree | true>;

const PATH = /^[^.]+(\.[^.]+)*$/;

/**
 * The model's auxiliary context fields for these parameters, as a tree of their paths. A
 * declaration that throws or is not a list of dotted paths is a model error naming it.
 */
export function auxiliaryPaths<P extends ParamValues>(model: ModelDefinition<P>, params: P): PathTree {
  let declared: unknown;
  try {
    declared = model.auxiliary!(params);
  } catch (error) {
    throw new ModelError('model-exception', `model ${model.name}: auxiliary() threw: ${describeThrown(error)}`, { cause: error });
  }
  if (!Array.isArray(declared) || declared.some((p) => typeof p !== 'string' || !PATH.test(p))) {
    throw new ModelError('model-exception', `model ${model.name}: auxiliary() must return a list of context paths such as 'ret.mdev1' (names joined by dots); it returned ${JSON.stringify(declared)}`);
  }
  const root: PathTree = new Map();
  for (const path of declared as string[]) {
    const names = path.split('.');
    let at = root;
    for (let i = 0; i < names.length - 1; i++) {
      let next = at.get(names[i]!);
      if (next === true) break; // a parent is left out already
      if (next === undefined) at.set(names[i]!, (next = new Map()));
      at = next;
    }
    at.set(names[names.length - 1]!, true);
  }
  return root;
}

/**
 * `value` without the properties the tree names: the same object when it has none of them,
 * else a copy along the paths (the parts off the paths are shared; a copy is built key by key,
 * not by `delete`, so it keeps a fast shape). Only plain objects are entered; any other value is
 * kept as it is.
 */
export function omit(value: unknown, tree: PathTree): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  let changed = false;
  // what the nested paths leave of the fields they enter, where that differs
  let nested: Map<string, unknown> | undefined;
  for (const [name, sub] of tree) {
    if (!Object.hasOwn(o, name)) continue;
    if (sub === true) {
      changed = true;
      continue;
    }
    const now = omit(o[name], sub);
    if (now === o[name]) continue;
    changed = true;
    (nested ??= new Map()).set(name, now);
  }
  if (!changed) return o;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    if (tree.get(k) === true) continue;
    out[k] = nested?.has(k) ? nested.get(k) : o[k];
  }
  return out;
}

/** How a context is keyed without its auxiliary fields. */
export interface ContextProjection {
  /** The context without them (the same object when it has none). */
  context(context: Record<string, unknown>): Record<string, unknown>;
  /**
   * Per top-level field that holds some of them (a field that is auxiliary as a whole is not
   * here: it is absent from `context(initial)`): its value without them. Each remembers its
   * last value, so the successors of one state that left the field alone share one result.
   */
  readonly fields: ReadonlyMap<string, (value: unknown) => unknown>;
  /** The top-level fields that are auxiliary as a whole. */
  readonly dropped: ReadonlySet<string>;
}

function projection(tree: PathTree): ContextProjection {
  const fields = new Map<string, (value: unknown) => unknown>();
  const dropped = new Set<string>();
  for (const [name, sub] of tree) {
    if (sub === true) {
      dropped.add(name);
      continue;
    }
    let lastIn: unknown;
    let lastOut: unknown;
    fields.set(name, (v) => (v === lastIn ? lastOut : ((lastIn = v), (lastOut = omit(v, sub)))));
  }
  return { context: (c) => omit(c, tree) as Record<string, unknown>, fields, dropped };
}

/**
 * The snapshot seen with another context: an object whose prototype is the snapshot, so
 * `value`, `matches` and the rest are the snapshot's own, and whose `context` is `context`.
 */
export function withContext(s: AnySnapshot, context: unknown): AnySnapshot {
  return Object.create(s, { context: { value: context, enumerable: true } }) as AnySnapshot;
}

/**
 * How a check leaves the model's auxiliary fields out of every state's identity, in the way
 * TLC's VIEW leaves out history variables and SPIN's dead-variable reduction ignores values
 * that nothing reads again: two states that differ only there are one state. With a view of
 * its own (a symmetry's canonical form when `symmetry` is set), the model gets a view that is
 * that one applied to the snapshot without those fields; without one, the engines key and
 * fingerprint the state value, the context without them (`omit`) and the history.
 * Sound when no guard, action, `events`, `isFinal`, view or invariant depends on them: they
 * only record what happened, for the trace (which is replayed in full, and shows them); the
 * model vouches for that, as it does for its symmetry (`auxiliaryAudit` checks it under
 * `--check-determinism`). A model that declares none is a usage error.
 */
export function withoutAuxiliary<P extends ParamValues>(model: ModelDefinition<P>, params: P, symmetry: boolean): { model: ModelDefinition<P>; omit?: ContextProjection } {
  if (!model.auxiliary) throw new UsageError(`model ${model.name} declares no auxiliary fields; run without --drop-auxiliary`);
  const tree = auxiliaryPaths(model, params);
  const base = symmetry ? model.symmetry : model.view;
  if (!base) return { model, omit: projection(tree) };
  return { model: { ...model, view: (s: AnySnapshot, p: P) => base(withContext(s, omit(s.context, tree)), p) } };
}
