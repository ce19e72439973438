import type { AnySnapshot, ModelDefinition } from './defineModel.ts';
import type { ParamValues } from './params.ts';
import type { Property, StateTest } from './Property.ts';
import { ModelError, describeThrown } from './errors.ts';
import { auxiliaryPaths, omit, withContext, type PathTree } from './withoutAuxiliary.ts';
import { canonicalJson } from '../adapter/canonicalJson.ts';

/** A guard or an assign as the compiled path calls them: a function of `{ context, event }`. */
type Guard = (args: { context: unknown; event: unknown }) => boolean;
type Assign = (args: { context: Record<string, unknown>; event: unknown }) => Record<string, unknown>;

/** How the compiled path lets the audit see each transition's guard and assigns (see `compileMachine`). */
export interface TransitionWrap {
  guard(guard: Guard, where: string): Guard;
  assign(assign: Assign, where: string): Assign;
}

export interface AuxiliaryAudit<P extends ParamValues> {
  /** The model with `events`, `isFinal`, every invariant and every property given a watched context. */
  readonly model: ModelDefinition<P>;
  /** Guards given a watched context; assigns run again without the fields and compared. */
  readonly transitions: TransitionWrap;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** The names a node of the tree leaves out as a whole, worked out once per node. */
const leafNames = new WeakMap<PathTree, readonly string[]>();
function leavesOf(tree: PathTree): readonly string[] {
  let names = leafNames.get(tree);
  if (names === undefined) leafNames.set(tree, (names = [...tree].filter(([, sub]) => sub === true).map(([k]) => k)));
  return names;
}

/**
 * `value` as seen through the tree of auxiliary paths: reading a declared path, asking whether
 * it is there, or listing the keys of an object that holds one calls `found` with the path.
 * The values read are the real ones (a model that catches what it reads sees no difference).
 */
function watched(value: object, tree: PathTree, path: string, found: (path: string) => void): object {
  // A frozen object's properties must read as themselves through a proxy: watch a copy of it.
  const target = Object.isFrozen(value) ? (Array.isArray(value) ? [...value] : { ...value }) : value;
  const leaves = leavesOf(tree);
  return new Proxy(target, {
    get(t, key) {
      const v = Reflect.get(t, key);
      if (typeof key === 'symbol') return v;
      const sub = tree.get(key);
      if (sub === undefined) return v;
      if (sub === true) {
        found(join(path, key));
        return v;
      }
      return typeof v === 'object' && v !== null ? watched(v, sub, join(path, key), found) : v;
    },
    has(t, key) {
      if (typeof key === 'string' && tree.get(key) === true) found(join(path, key));
      return Reflect.has(t, key);
    },
    getOwnPropertyDescriptor(t, key) {
      if (typeof key === 'string' && tree.get(key) === true) found(join(path, key));
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys(t) {
      if (leaves.length > 0) found(`the keys of ${path === '' ? 'the context' : path} (among them ${join(path, leaves[0]!)})`);
      return Reflect.ownKeys(t);
    },
  });
}

/**
 * `--check-determinism` with `--drop-auxiliary`: checks, as the search runs, the model's word
 * that no step and no verdict depends on its auxiliary fields. Every call of a guard (on the
 * compiled path), of `events`, `isFinal` or an invariant sees a context that reports a read of
 * a declared path, and each such read is a model error naming the function and the path: a
 * deterministic function that read none of them gives the same answer in every state that
 * differs only there, visited or not. Every assign (on the compiled path) runs a second time on
 * the context without them, and a result that differs outside them is a model error too; for
 * assigns that is evidence from the states visited, not a proof for all. Views and symmetries
 * need no watching: with the fields dropped they are given the state without them.
 */
export function auxiliaryAudit<P extends ParamValues>(model: ModelDefinition<P>, params: P): AuxiliaryAudit<P> {
  const tree = auxiliaryPaths(model, params);
  const fail = (message: string): never => {
    throw new ModelError('auxiliary-read', `model ${model.name}: ${message}; --drop-auxiliary would merge states that this tells apart`);
  };
  /** Calls `fn` with the context watched; a read of a declared path fails, naming `who`. */
  const watching = <T>(context: unknown, who: string, fn: (watchedContext: unknown) => T): T => {
    if (typeof context !== 'object' || context === null) return fn(context);
    let read: string | undefined;
    const result = fn(watched(context, tree, '', (path) => void (read ??= path)));
    if (read !== undefined) fail(`${who} reads ${read}, which the model declares auxiliary`);
    return result;
  };
  const onSnapshot = <T>(s: AnySnapshot, who: string, fn: (s: AnySnapshot) => T): T =>
    watching(s.context, who, (context) => fn(withContext(s, context)));

  const isFinal = model.isFinal;
  const audited: ModelDefinition<P> = {
    ...model,
    events: (s, p) => onSnapshot(s, 'events()', (w) => model.events(w, p)),
    ...(isFinal ? { isFinal: (s: AnySnapshot, p: P) => onSnapshot(s, 'isFinal()', (w) => isFinal(w, p)) } : {}),
    ...(model.invariants ? { invariants: model.invariants.map((inv) => ({ ...inv, check: (s: AnySnapshot, p: P) => onSnapshot(s, `invariant ${inv.id}`, (w) => inv.check(w, p)) })) } : {}),
    ...(model.properties ? { properties: model.properties.map((prop) => auditedProperty(prop, onSnapshot)) } : {}),
  };

  const key = (context: Record<string, unknown>) => canonicalJson(omit(context, tree), 'context');
  const transitions: TransitionWrap = {
    guard: (guard, where) => (args) => watching(args.context, `the guard of ${where}`, (context) => guard({ ...args, context })),
    assign: (assign, where) => (args) => {
      const out = assign(args);
      const without = omit(args.context, tree) as Record<string, unknown>;
      if (without === args.context) return out; // none of them is there
      let other: Record<string, unknown>;
      try {
        other = assign({ ...args, context: without });
      } catch (error) {
        return fail(`an action of ${where} throws when the auxiliary fields (${describe(tree)}) are taken away: ${describeThrown(error)}`);
      }
      if (key({ ...args.context, ...out }) !== key({ ...without, ...other })) fail(`an action of ${where} sets other values outside the auxiliary fields (${describe(tree)}) when they are taken away`);
      return out;
    },
  };
  return { model: audited, transitions };
}

/** A property whose predicates see a watched context. */
function auditedProperty<P>(prop: Property<P>, onSnapshot: <T>(s: AnySnapshot, who: string, fn: (s: AnySnapshot) => T) => T): Property<P> {
  const watch = (test: StateTest<P>, which: string): StateTest<P> => (s, p) => onSnapshot(s, `property ${prop.id} (${which})`, (w) => test(w, p));
  return prop.kind === 'leads-to' ? { ...prop, p: watch(prop.p, 'p'), q: watch(prop.q, 'q') } : { ...prop, p: watch(prop.p, 'p') };
}

/** The declared paths, for a message. */
function describe(tree: PathTree, path = ''): string {
  return [...tree].map(([k, sub]) => (sub === true ? join(path, k) : describe(sub, join(path, k)))).join(', ');
}
