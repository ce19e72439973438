import type { EventObject, MachineSnapshot } from 'xstate';
import { describeAllowed, parseParamValue, resolveParams, type ParamSpecs, type ParamValues } from './params.ts';
import { ModelError, UsageError, shortValue } from './errors.ts';
import type { EnvironmentSpec } from '../adapter/environment.ts';
import { PROPERTY_KINDS, type Fairness, type Property } from './Property.ts';

/** Any snapshot of an xstate v5 machine. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySnapshot = MachineSnapshot<any, any, any, any, any, any, any, any>;

/** A named safety property checked in every reachable state. */
export interface Invariant<P = ParamValues> {
  /** Short stable id, e.g. `INV-6`; used in reports and exit summaries. */
  readonly id: string;
  /** One line. */
  readonly title: string;
  /** What must hold and why (with its source, for kernel rules). */
  readonly description: string;
  /** Where the rule comes from (file and function, commit); optional for generic models. */
  readonly source?: string;
  /** `true` when it holds; otherwise a message naming the objects involved. Must be pure. */
  check(snapshot: AnySnapshot, params: P): true | string;
}

/**
 * An xstate v5 machine, typed loosely so that machines built from region factories (whose
 * inferred state-value type is narrow) are accepted as they are.
 */
export interface MachineLike {
  readonly root: object;
  readonly config: object;
  transition: (...args: never[]) => unknown;
}

/** A model: an xstate machine, its event alphabet, its invariants and its parameters. */
export interface ModelDefinition<P = ParamValues> {
  /** Name shown in reports; built-in models are looked up by it. */
  readonly name: string;
  /** One line saying what the model is. */
  readonly description?: string;
  /** Parameters, validated before a run. */
  readonly params?: ParamSpecs;
  /** Builds the machine for one parameter assignment. Called once per run. */
  machine(params: P): MachineLike;
  /**
   * The machine's input, as `createActor(machine, { input })` gives it: what a context factory
   * (`context: ({ input }) => ...`) and the initial event see. Default: none.
   */
  input?(params: P): unknown;
  /**
   * The candidate events in `snapshot`, payloads included. The engine keeps those the machine
   * can take (`snapshot.can(event)` semantics), in this order. Must be deterministic.
   */
  events(snapshot: AnySnapshot, params: P): readonly EventObject[];
  readonly invariants?: readonly Invariant<P>[];
  /**
   * Temporal properties (`eventually`, `alwaysEventually`, `leadsTo`, `eventuallyAlways`),
   * checked over every infinite behaviour the `fairness` allows, once the invariants hold in
   * every reachable state. Their ids share one name space with the invariants'.
   */
  readonly properties?: readonly Property<P>[];
  /**
   * The fairness the properties are checked under: weak or strong, per actor or per event type
   * (TLC's WF and SF). Default: none, so a behaviour may leave any actor waiting for ever.
   */
  readonly fairness?: readonly Fairness[] | ((params: P) => readonly Fairness[]);
  /** States in which stopping is not a deadlock (default: the machine's status is 'done'). */
  isFinal?(snapshot: AnySnapshot, params: P): boolean;
  /**
   * Abstraction of the state key: the JSON-like value returned is what identifies a state.
   * Two snapshots with equal views are treated as one state (symmetry, irrelevant fields).
   * Default: state value, context and history.
   */
  view?(snapshot: AnySnapshot, params: P): unknown;
  /**
   * Symmetry reduction, used when a check asks for it (`--symmetry`): a canonical
   * representative of the snapshot's orbit under the model's interchangeable objects (pages,
   * mappings, processes of one role), as JSON-like data. Two snapshots with equal results are
   * one state. Sound only if every permutation it quotients by maps transitions to transitions
   * and leaves every invariant's verdict unchanged; the model vouches for that.
   */
  symmetry?(snapshot: AnySnapshot, params: P): unknown;
  /**
   * Auxiliary context fields, left out of a state's identity when a check asks for it
   * (`--drop-auxiliary`): paths such as `'ret.mdev1'` (property names joined by dots) to
   * fields that only record what happened, for the trace, such as the last return value of an
   * actor whose steps never look at it. Two states that differ only there are then one state,
   * as with TLC's VIEW. Sound only if no guard, action, `events`, `isFinal`, view, symmetry or
   * invariant depends on them; the model vouches for that, and `--check-determinism` audits it
   * as a run goes (`auxiliaryAudit`).
   */
  auxiliary?(params: P): readonly string[];
  /**
   * Checks a combination of parameter values that each passed on its own (e.g. a variant that
   * belongs to another backend): returns a message saying what is wrong and what is allowed.
   */
  validate?(params: P): string | undefined;
  /** Which actor an event belongs to, for traces (default: the machine's top-level region). */
  actorOf?(event: EventObject, params: P): string | undefined;
  /**
   * The environment the machine is checked in: its delayed (`after`) transitions fire untimed,
   * and its invoked actors complete or fail, as events of the environment's, unless this says
   * otherwise (`{ delays: false }`, `{ actors: false }`, or per invoke id or actor source the
   * outputs and errors it may have: `{ actors: { fetchUser: { done: [{ name: 'Ann' }], error: false } } }`).
   * The `--environment` option overrides the switches. Default: all on, with an abstract
   * output (`undefined`) and error.
   */
  readonly environment?: EnvironmentSpec | ((params: P) => EnvironmentSpec);
}

/** Resolves a model's parameters (defaults, per-parameter checks, then `validate`); bad input is a UsageError. */
export function resolveModelParams<P extends ParamValues>(model: ModelDefinition<P>, given: Readonly<Record<string, unknown>>): P {
  const params = resolveParams(model.name, model.params, given) as P;
  const problem = model.validate?.(params);
  if (problem) throw new UsageError(`model ${model.name}: ${problem}`);
  return params;
}

const MODEL_BRAND = Symbol.for('lucheck.model');

/** A definition `defineModel` cannot take: the model is wrong, not the command line (exit 3). */
const invalid = (message: string) => new ModelError('invalid-model', message);

/** A model definition as returned by `defineModel`. */
export type Model<P = ParamValues> = ModelDefinition<P> & { readonly [MODEL_BRAND]: true };

/**
 * Declares a model. Checks the shape of the definition at once, so a malformed model fails
 * when it is loaded with a message naming the field, not deep inside a search.
 */
export function defineModel<P = ParamValues>(definition: ModelDefinition<P>): Model<P> {
  const where = `model ${JSON.stringify(definition?.name ?? '(unnamed)')}`;
  if (typeof definition !== 'object' || definition === null) {
    throw invalid('defineModel expects an object { name, machine, events, invariants }');
  }
  if (typeof definition.name !== 'string' || definition.name === '') {
    throw invalid('defineModel: `name` must be a non-empty string');
  }
  if (typeof definition.machine !== 'function') {
    throw invalid(`${where}: \`machine\` must be a function (params) => xstate machine`);
  }
  if (typeof definition.events !== 'function') {
    throw invalid(`${where}: \`events\` must be a function (snapshot, params) => EventObject[]`);
  }
  if (definition.input !== undefined && typeof definition.input !== 'function') throw invalid(`${where}: \`input\` must be a function (params) => the machine's input`);
  const env = definition.environment;
  if (env !== undefined && typeof env !== 'function' && (typeof env !== 'object' || env === null || Array.isArray(env))) {
    throw invalid(`${where}: \`environment\` must be an object { delays, actors } or a function (params) => such an object`);
  }
  const params = definition.params;
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) throw invalid(`${where}: \`params\` must be an object of { default, description, values?, range? } by name`);
  for (const [name, spec] of Object.entries(params ?? {})) {
    if (typeof spec !== 'object' || spec === null || !['string', 'number', 'boolean'].includes(typeof spec.default) && !Array.isArray(spec.default)) {
      throw invalid(`${where}: parameter '${name}' needs a \`default\`: a string, an integer, a boolean or a list of strings`);
    }
    // a default its own rule refuses would make every run with it a usage error
    try {
      parseParamValue(definition.name, name, spec, spec.default);
    } catch {
      throw invalid(`${where}: the default ${shortValue(spec.default)} of parameter '${name}' is not one it allows (${describeAllowed(spec)})`);
    }
  }
  if (definition.invariants !== undefined && !Array.isArray(definition.invariants)) throw invalid(`${where}: \`invariants\` must be a list of { id, title, description, check }`);
  const ids = new Set<string>();
  for (const inv of definition.invariants ?? []) {
    if (typeof inv?.id !== 'string' || typeof inv.check !== 'function') {
      throw invalid(`${where}: every invariant needs a string \`id\` and a \`check\` function`);
    }
    if (ids.has(inv.id)) throw invalid(`${where}: invariant id ${inv.id} is used twice`);
    ids.add(inv.id);
  }
  if (definition.properties !== undefined && !Array.isArray(definition.properties)) throw invalid(`${where}: \`properties\` must be a list made by eventually, alwaysEventually, leadsTo or eventuallyAlways`);
  for (const prop of definition.properties ?? []) {
    if (typeof prop?.id !== 'string' || !PROPERTY_KINDS.includes(prop.kind) || typeof prop.p !== 'function' || (prop.kind === 'leads-to' && typeof prop.q !== 'function')) {
      throw invalid(`${where}: every property needs a string \`id\`, a \`kind\` (${PROPERTY_KINDS.join(', ')}) and predicate functions (p, and q for leads-to); make them with eventually, alwaysEventually, leadsTo or eventuallyAlways`);
    }
    if (ids.has(prop.id)) throw invalid(`${where}: id ${prop.id} is used twice (invariants and properties share ids)`);
    ids.add(prop.id);
  }
  const fair = definition.fairness;
  if (fair !== undefined && typeof fair !== 'function' && !Array.isArray(fair)) throw invalid(`${where}: \`fairness\` must be a list of { kind: 'weak' | 'strong', actor or event } or a function (params) => such a list`);
  return Object.freeze({ ...definition, [MODEL_BRAND]: true as const });
}

/** True for values made by `defineModel` (or structurally equal plain definitions). */
export function isModel(value: unknown): value is Model {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ModelDefinition>;
  return typeof v.name === 'string' && typeof v.machine === 'function' && typeof v.events === 'function';
}
