import type { AnySnapshot, Invariant, Model, ModelDefinition } from './model/defineModel.ts';
import type { ParamValues } from './model/params.ts';
import { resolveModelParams } from './model/defineModel.ts';
import { ModelError, UsageError, modelException, stackOverflowError } from './model/errors.ts';
import { formatStateValue } from './adapter/formatStateValue.ts';
import { createSystem, type Engine, type SystemChoice } from './compiled/createSystem.ts';
import { auxiliaryAudit } from './model/auxiliaryAudit.ts';
import { resolveSearchConfig, type PartialSearchConfig, type SearchConfig } from './search/SearchConfig.ts';
import type { IncompleteReason, SearchObserver, SearchOutcome, SearchProblem } from './search/SearchOutcome.ts';
import type { SearchRun } from './search/SearchRun.ts';
import type { SearchSnapshot } from './search/SearchSnapshot.ts';
import { bfsRun } from './search/bfs.ts';
import { search, searchRun } from './search/index.ts';
import { replayPath } from './trace/replayPath.ts';
import { buildTrace } from './trace/buildTrace.ts';
import { collisionProbability } from './store/fingerprint.ts';
import type { CheckResult, CheckStats, InvariantInfo, PropertyInfo, TraceStep, Violation } from './CheckResult.ts';
import type { Fairness, Property } from './model/Property.ts';
import { fairnessText, resolveFairness, selectProperties } from './model/selectProperties.ts';
import { refuseLivenessWith } from './liveness/refuseLivenessWith.ts';
import { livenessRecorder } from './liveness/livenessRecorder.ts';
import type { GraphStoreData } from './liveness/GraphStore.ts';
import { livenessViolations } from './liveness/livenessViolations.ts';
import { coverageCollector } from './coverage/coverageCollector.ts';
import { prepareModel, withEnvironment, type PreparedModel } from './model/withEnvironment.ts';
import { MutationWatch } from './model/mutationWatch.ts';
import { withContext } from './model/withoutAuxiliary.ts';
import type { EnvironmentKind } from './adapter/environment.ts';

export interface CheckOptions extends PartialSearchConfig {
  /** Parameter values (strings as from `--set`, or typed values); validated against the model. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Which execution path steps the machine (default 'auto': compiled when it compiles). */
  readonly engine?: Engine;
  /** Symmetry reduction by the model's declared `symmetry` (default off). */
  readonly symmetry?: boolean;
  /** Leave the model's declared `auxiliary` fields out of each state's identity (default off). */
  readonly dropAuxiliary?: boolean;
  /** Check only these invariants (by id); default: all of the model's. */
  readonly invariants?: readonly string[];
  /** How the result names the model (default: its name). */
  readonly modelRef?: string;
  readonly observer?: SearchObserver;
  /** Count event and transition coverage (default true; off saves a re-selection per successor). */
  readonly coverage?: boolean;
  /** The environment's events to explore (`--environment`): delayed transitions, invoked actors; default: what the model declares (all). */
  readonly environment?: readonly EnvironmentKind[];
  /**
   * Asked between slices of the search (every `yieldEveryMs`, 100 ms by default when this is
   * given; the event loop runs in between): a signal name ends the search as incomplete,
   * 'interrupted' (the CLI passes the SIGINT or SIGTERM it caught).
   */
  readonly interrupted?: () => string | undefined;
  /**
   * Checkpoints (breadth-first search on the compiled engine only): `save` is given a
   * `SearchSnapshot` every `everyMs`, and once more when an interrupt stops the search.
   */
  readonly checkpoint?: { readonly everyMs: number; save(snapshot: SearchSnapshot): void | Promise<void> };
  /** A snapshot to go on from (its model, parameters and options must be this run's; the caller checks). Coverage is not collected on a resumed run. */
  readonly resume?: SearchSnapshot;
  /** The fairness the properties are checked under, instead of the model's (`--fairness`; `[]`: none). */
  readonly fairness?: readonly Fairness[];
}

/**
 * The problem a model poses for one parameter assignment: its invariants and final states. A
 * machine stopped by an invoked actor's unhandled failure (status 'error') is final: the
 * built-in invariant UNHANDLED-ACTOR-ERROR reports it, not the deadlock check.
 */
export function searchProblem(model: ModelDefinition<ParamValues>, params: ParamValues, only?: readonly string[], everyMutationCheck = false): SearchProblem<AnySnapshot> {
  const isFinal = model.isFinal;
  const selected = selectInvariants(model, only);
  // The invariants of a state, in order, must leave its context as it was (`MutationWatch`):
  // the first one starts the check, the last one ends it.
  const mutations = new MutationWatch(model.name, everyMutationCheck);
  let before: string | undefined;
  const last = selected.length - 1;
  const replayAll = (s: AnySnapshot) => (copy: unknown) => {
    for (const inv of selected) inv.check(withContext(s, copy), params);
  };
  const what = () => (last === 0 ? `invariant ${selected[0]!.id}` : 'the invariants');
  return {
    invariants: selected.map((inv, i) => ({
      id: inv.id,
      // the first begins the check and the last ends it; those between run as they are
      check:
        i === 0
          ? (s: AnySnapshot) => {
              before = mutations.begin(s.context);
              const r = inv.check(s, params);
              if (last === 0 && before !== undefined) mutations.end(s.context, before, what, replayAll(s));
              return r;
            }
          : i === last
            ? (s: AnySnapshot) => {
                const r = inv.check(s, params);
                if (before !== undefined) mutations.end(s.context, before, what, replayAll(s));
                return r;
              }
            : (s: AnySnapshot) => inv.check(s, params),
    })),
    isFinal: isFinal
      ? (s) => {
          if (s.status === 'error') return true;
          try {
            return isFinal(s, params);
          } catch (error) {
            throw modelException(error, `model ${model.name}: isFinal threw in state ${formatStateValue(s.value)}`);
          }
        }
      : (s) => s.status !== 'active',
  };
}

/** What a check asks of the system it searches. */
export interface SystemOptions {
  readonly engine?: Engine;
  readonly symmetry?: boolean;
  readonly dropAuxiliary?: boolean;
  readonly checkDeterminism?: boolean;
  readonly invariants?: readonly string[];
  readonly environment?: readonly EnvironmentKind[];
}

/** Whether a check audits the model's auxiliary declaration: `--check-determinism` and `--drop-auxiliary` on a model that declares some. */
export function auditsAuxiliary(model: ModelDefinition<ParamValues>, options: Pick<SystemOptions, 'checkDeterminism' | 'dropAuxiliary'>): boolean {
  return !!(options.checkDeterminism && options.dropAuxiliary && model.auxiliary);
}

/**
 * The system a check searches and the problem it poses, in the model's environment
 * (`withEnvironment`, worked out here unless given as `prepared`); with `--check-determinism`
 * and `--drop-auxiliary` both, the model's guards, actions, `events`, `isFinal` and invariants
 * are audited for reads of its auxiliary fields as they run (`auxiliaryAudit`).
 */
export function checkedSystem(
  model: ModelDefinition<ParamValues>,
  params: ParamValues,
  options: SystemOptions,
  prepared: PreparedModel<ParamValues> = withEnvironment(model, params, options.environment),
): { choice: SystemChoice; problem: SearchProblem<AnySnapshot>; audited: boolean; prepared: PreparedModel<ParamValues>; checked: ModelDefinition<ParamValues> } {
  const ready = prepared.model;
  const audit = auditsAuxiliary(ready, options) ? auxiliaryAudit(ready, params) : undefined;
  const checked = audit?.model ?? ready;
  const choice = createSystem(checked, params, options.engine, {
    symmetry: options.symmetry ?? false,
    auxiliary: options.dropAuxiliary ?? false,
    environment: prepared.environment,
    everyMutationCheck: options.checkDeterminism ?? false,
    ...(audit ? { transitions: audit.transitions } : {}),
  });
  return { choice, problem: searchProblem(checked, params, options.invariants, options.checkDeterminism), audited: audit !== undefined, prepared, checked };
}

/** The model's invariants, or those named in `only` (ids of invariants or properties; unknown ids are a usage error). */
export function selectInvariants(model: ModelDefinition<ParamValues>, only?: readonly string[]): readonly Invariant<ParamValues>[] {
  const all = model.invariants ?? [];
  if (!only) return all;
  const ids = [...all.map((i) => i.id), ...(model.properties ?? []).map((p) => p.id)];
  for (const id of only) {
    if (!ids.includes(id)) throw new UsageError(`unknown invariant or property '${id}' for model ${model.name}; allowed: ${ids.join(', ') || '(this model has none)'}`);
  }
  return all.filter((i) => only.includes(i.id));
}

/** What a result says of each invariant it checked. */
export function invariantInfoOf(selected: readonly Invariant<ParamValues>[]): InvariantInfo[] {
  return selected.map((i) => ({ id: i.id, title: i.title ?? '', description: i.description ?? '', ...(i.source ? { source: i.source } : {}) }));
}

/** The violation a search found (an invariant or a deadlock), with its replayed trace. */
export function violationFrom(
  model: ModelDefinition<ParamValues>,
  found: { readonly kind: 'violation'; readonly invariantId: string; readonly message: string } | { readonly kind: 'deadlock' },
  trace: readonly TraceStep[],
): Violation {
  if (found.kind === 'violation') {
    const inv = model.invariants?.find((i) => i.id === found.invariantId);
    return { kind: 'invariant', id: found.invariantId, title: inv?.title ?? '', message: found.message, trace };
  }
  const last = trace[trace.length - 1]!;
  return { kind: 'deadlock', id: 'DEADLOCK', title: 'deadlock', message: `no event is enabled in state ${last.state}, and it is not a final state`, trace };
}

/** Why a search stopped short, as a result says it: the bound and its value, or the signal. */
export function incompleteOf(reason: IncompleteReason, config: SearchConfig, signal: string | undefined): NonNullable<CheckResult['incomplete']> {
  if (reason === 'interrupted') return { reason, ...(signal ? { signal } : {}) };
  const limit = { 'max-states': config.maxStates, 'max-depth': config.maxDepth, 'time-limit': config.timeLimitMs / 1000, memory: config.memoryBudgetBytes }[reason];
  return { reason, limit };
}

/**
 * Runs a search in slices, letting the event loop run between them; hands it to `checkpoint`
 * every `everyMs`, and stops it once `interrupted` names a signal (after a last checkpoint).
 */
async function sliced(run: SearchRun, interrupted: () => string | undefined, checkpoint: CheckOptions['checkpoint'], now: () => number): Promise<SearchOutcome> {
  let last = now();
  let r = run.next();
  while (!r.done) {
    await new Promise((resolve) => setImmediate(resolve));
    const stop = interrupted() !== undefined;
    if (checkpoint && (stop || now() - last >= checkpoint.everyMs)) {
      r = run.next('checkpoint');
      if (r.done) break;
      await checkpoint.save(r.value!);
      last = now();
    }
    r = run.next(stop ? 'stop' : undefined);
  }
  return r.value;
}

/** Calls both observers (either may be absent). */
function bothObservers<S, E>(a: SearchObserver<S, E> | undefined, b: SearchObserver<S, E> | undefined): SearchObserver<S, E> | undefined {
  if (!a || !b) return a ?? b;
  return {
    onProgress: (stats) => (a.onProgress?.(stats), b.onProgress?.(stats)),
    onSuccessor: (from, event, to, isNew) => (a.onSuccessor?.(from, event, to, isNew), b.onSuccessor?.(from, event, to, isNew)),
    onInitial: (state) => (a.onInitial?.(state), b.onInitial?.(state)),
  };
}

/** What a result says of each property it checked. */
export function propertyInfoOf(properties: readonly Property[]): PropertyInfo[] {
  return properties.map((p) => ({ id: p.id, kind: p.kind, title: p.title ?? '', description: p.description ?? '', ...(p.source ? { source: p.source } : {}) }));
}

/** The figures of a run that ended in a model error before it counted anything. */
export function noStats(elapsedMs: number): CheckStats {
  return { distinct: 0, generated: 0, maxDepth: 0, elapsedMs, storeBytes: 0, collisionProbability: 0 };
}

/**
 * Checks a model exhaustively (within the bounds of `options`) and returns the result as data.
 * Never throws on a violation, a deadlock or a model error (those are verdicts); throws a
 * `UsageError` for bad parameters or options.
 */
export async function check(given: Model | ModelDefinition<ParamValues>, options: CheckOptions = {}): Promise<CheckResult> {
  const params = resolveModelParams(given, options.params ?? {});
  const config = resolveSearchConfig(options);
  // The model in its environment: the built-in invariant joins its own where it applies.
  const { prepared, error: preparing } = prepareModel(given, params, options.environment);
  const model = prepared?.model ?? given;
  const selected = selectInvariants(model, options.invariants);
  const properties = selectProperties(model, options.invariants);
  // a model whose fairness is malformed or throws is a model error, reported as a verdict below
  let fairness: readonly Fairness[] = [];
  let fairnessError: ModelError | undefined;
  try {
    if (properties.length > 0) fairness = resolveFairness(model, params, options.fairness);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    fairnessError = error;
  }
  if (properties.length > 0) refuseLivenessWith(model, properties, fairness, options);
  const base = {
    model: options.modelRef ?? model.name,
    params,
    strategy: config.strategy,
    symmetry: options.symmetry ?? false,
    ...(options.dropAuxiliary ? { dropAuxiliary: true } : {}),
    invariants: selected.map((i) => i.id),
    invariantInfo: invariantInfoOf(selected),
    ...(properties.length > 0 ? { properties: properties.map((p) => p.id), propertyInfo: propertyInfoOf(properties), fairness: fairnessText(fairness) } : {}),
  };
  const started = config.now();
  let engineInfo: Pick<CheckResult, 'engine' | 'engineNote' | 'auxiliaryAudit' | 'environment' | 'notRun'> = { engine: 'reference', ...(prepared && Object.keys(prepared.report).length > 0 ? { environment: prepared.report } : {}) };
  try {
    if (preparing) throw preparing;
    if (fairnessError) throw fairnessError;
    const { choice, problem: safety, audited, checked } = checkedSystem(given, params, { ...options, checkDeterminism: config.checkDeterminism }, prepared);
    const system = choice.system;
    // the liveness check records the state graph as the search goes: its store, its observer, its predicate run first on each new state
    const saved = options.resume?.store;
    if (saved && ('graph' in saved) !== properties.length > 0) {
      throw new UsageError(`the checkpoint was taken ${'graph' in saved ? 'with' : 'without'} temporal properties, and this run checks ${properties.length > 0 ? properties.map((p) => p.id).join(', ') : 'none'}: resume it with the same --invariant selection`);
    }
    // the properties as checked: audited with --check-determinism --drop-auxiliary
    const checkedProperties = selectProperties(checked, options.invariants);
    const recorder = properties.length > 0 ? livenessRecorder(system, checkedProperties, fairness, params, saved as GraphStoreData | undefined) : undefined;
    const problem = recorder ? { ...safety, invariants: [recorder.predicate, ...safety.invariants] } : safety;
    engineInfo = {
      ...engineInfo,
      engine: choice.engine,
      ...(choice.note ? { engineNote: choice.note } : {}),
      ...(audited ? { auxiliaryAudit: { guardsAndActions: choice.engine === 'compiled' } } : {}),
      ...(choice.notRun.length > 0 ? { notRun: choice.notRun } : {}),
    };
    if ((options.checkpoint || options.resume) && (config.strategy !== 'bfs' || !system.wireCodec)) {
      throw new UsageError(`checkpoints need the breadth-first search on the compiled engine${system.wireCodec ? '' : ` (model ${model.name} runs on the reference engine: ${choice.note ?? 'chosen'})`}; drop --strategy dfs or --checkpoint/--resume`);
    }
    const cov = options.coverage === false || options.resume ? undefined : coverageCollector(system, system.machine);
    const observer = bothObservers(bothObservers(options.observer, cov?.observer), recorder?.observer);
    const slices = options.interrupted || options.checkpoint || options.resume;
    const sliceConfig = config.yieldEveryMs === Infinity ? { ...config, yieldEveryMs: 100 } : config;
    const outcome = slices
      ? await sliced(options.resume ? bfsRun(system, problem, sliceConfig, observer, recorder?.store, options.resume) : searchRun(system, problem, sliceConfig, observer, recorder?.store), options.interrupted ?? (() => undefined), options.checkpoint, config.now)
      : search(system, problem, config, observer, recorder?.store);
    const coverage = cov ? { coverage: cov.result(outcome.kind === 'pass') } : {};
    const stats = { ...outcome.stats, collisionProbability: collisionProbability(outcome.stats.distinct, outcome.stats.generated) };
    delete (stats as { queue?: number }).queue;
    if (outcome.kind === 'pass' && recorder) {
      // the search passed: every edge was recorded unless the state bound cut some off
      if (recorder.store.edges !== outcome.stats.generated - 1) {
        return { ...base, ...engineInfo, verdict: 'incomplete', stats, violations: [], incomplete: incompleteOf('max-states', config, undefined), ...coverage };
      }
      const failures = livenessViolations(system, recorder.store, checkedProperties, fairness, !!(options.symmetry || options.dropAuxiliary));
      const timed = { ...stats, elapsedMs: config.now() - started };
      return { ...base, ...engineInfo, verdict: failures.length > 0 ? 'liveness' : 'pass', stats: timed, violations: failures, ...coverage };
    }
    if (outcome.kind === 'pass') return { ...base, ...engineInfo, verdict: 'pass', stats, violations: [], ...coverage };
    if (outcome.kind === 'incomplete') {
      return { ...base, ...engineInfo, verdict: 'incomplete', stats, violations: [], incomplete: incompleteOf(outcome.reason, config, options.interrupted?.()), ...coverage };
    }
    const trace = buildTrace(system, replayPath(system, outcome.store, outcome.stateId));
    return { ...base, ...engineInfo, verdict: outcome.kind, stats, violations: [violationFrom(model, outcome, trace)], ...coverage };
  } catch (thrown) {
    const error = stackOverflowError(thrown, model.name) ?? thrown;
    if (!(error instanceof ModelError)) throw error;
    return {
      ...base,
      ...engineInfo,
      verdict: 'error',
      stats: { ...noStats(config.now() - started), ...error.searchStats },
      violations: [],
      error: { code: error.code, message: error.message },
    };
  }
}
