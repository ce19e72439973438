import type { AnySnapshot, Invariant, ModelDefinition } from './defineModel.ts';
import type { ParamValues } from './params.ts';
import { ModelError, modelException } from './errors.ts';
import { environmentOf, resolveEnvironment, type Environment, type EnvironmentKind, type EnvironmentNode } from '../adapter/environment.ts';
import { canonicalJson } from '../adapter/canonicalJson.ts';

/** The id of the built-in invariant that an invoked actor's unhandled failure breaks. */
export const UNHANDLED_ACTOR_ERROR = 'UNHANDLED-ACTOR-ERROR';

/** What of the environment a machine has, and which of it a check explores. */
export interface EnvironmentReport {
  /** Present when the machine has delayed transitions: whether the check explores them. */
  readonly delays?: boolean;
  /** Present when the machine invokes actors: whether the check explores their completions and failures. */
  readonly actors?: boolean;
}

/** A model prepared for one check: its machine built once, and the environment it is checked in. */
export interface PreparedModel<P extends ParamValues> {
  /** The model, its `machine` returning the one machine built, with the built-in invariant added where it applies. */
  readonly model: ModelDefinition<P>;
  /** The machine's input (the model's `input`), worked out once. */
  readonly input: unknown;
  readonly environment: Environment;
  readonly report: EnvironmentReport;
}

function describe(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch {
    return String(value);
  }
}

const unhandled: Invariant<ParamValues> = {
  id: UNHANDLED_ACTOR_ERROR,
  title: 'no invoked actor fails without a handler',
  description:
    "An invoked actor may fail at any time while its state is active (the environment's step); xstate stops a machine whose actor fails with no onError transition to take the failure, with status 'error'. Declare in the model's `environment` the actors that cannot fail.",
  check: (s: AnySnapshot) => s.status !== 'error' || `an invoked actor failed (error ${describe(s.error)}) in state ${describe(s.value)} and no onError transition takes it: the machine stopped with status 'error'`,
};

/**
 * Builds the model's machine once for `params` and works out the environment it is checked in:
 * the model's `environment` declaration, with `only` (`--environment`) replacing its switches.
 * Where the machine invokes actors and their failures are explored, the built-in invariant
 * UNHANDLED-ACTOR-ERROR joins the model's own (unless the model has one of that id).
 */
export function withEnvironment<P extends ParamValues>(model: ModelDefinition<P>, params: P, only?: readonly EnvironmentKind[]): PreparedModel<P> {
  let machine: ReturnType<ModelDefinition<P>['machine']>;
  try {
    machine = model.machine(params);
  } catch (error) {
    throw modelException(error, `building the machine of model ${model.name} failed`);
  }
  const root = (machine as { root?: unknown } | undefined)?.root;
  if (typeof root !== 'object' || root === null) throw new ModelError('invalid-model', `model ${model.name}: machine(params) did not return an xstate v5 machine`);
  const nodes: EnvironmentNode[] = [];
  const walk = (n: EnvironmentNode & { states?: Record<string, unknown> }) => {
    nodes.push(n);
    for (const c of Object.values(n.states ?? {})) walk(c as never);
  };
  walk(root as never);
  const has = environmentOf(nodes);
  let spec;
  try {
    spec = typeof model.environment === 'function' ? model.environment(params) : model.environment;
  } catch (error) {
    throw modelException(error, `model ${model.name}: environment() threw`);
  }
  const environment = resolveEnvironment(spec, only);
  let input: unknown;
  try {
    input = model.input?.(params);
  } catch (error) {
    throw modelException(error, `model ${model.name}: input() threw`);
  }
  const report: EnvironmentReport = { ...(has.delays ? { delays: environment.delays } : {}), ...(has.actors ? { actors: environment.actors } : {}) };
  const own = model.invariants ?? [];
  const canFail = has.actors && environment.actors && nodes.some((n) => n.invoke.some((inv) => environment.outcomes(inv).error.length > 0));
  const invariants = canFail && !own.some((i) => i.id === UNHANDLED_ACTOR_ERROR) ? [...own, unhandled as Invariant<P>] : own;
  return { model: { ...model, machine: () => machine, invariants, ...(model.input ? { input: () => input } : {}) }, input, environment, report };
}

/**
 * `withEnvironment`, with a model error (the machine cannot be built, `input` or `environment`
 * threw) returned as data for the caller's result, not thrown.
 */
export function prepareModel<P extends ParamValues>(model: ModelDefinition<P>, params: P, only?: readonly EnvironmentKind[]): { readonly prepared?: PreparedModel<P>; readonly error?: ModelError } {
  try {
    return { prepared: withEnvironment(model, params, only) };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return { error };
  }
}
