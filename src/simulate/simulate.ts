import type { Model, ModelDefinition } from '../model/defineModel.ts';
import { resolveModelParams } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, UsageError, stackOverflowError } from '../model/errors.ts';
import { prepareModel } from '../model/withEnvironment.ts';
import { checkedSystem, type SystemOptions, invariantInfoOf, noStats, propertyInfoOf, selectInvariants, violationFrom } from '../check.ts';
import { selectProperties } from '../model/selectProperties.ts';
import { coverageCollector } from '../coverage/coverageCollector.ts';
import type { Coverage } from '../coverage/Coverage.ts';
import { collisionProbability } from '../store/fingerprint.ts';
import { replayEvents } from '../trace/replayEvents.ts';
import { buildTrace } from '../trace/buildTrace.ts';
import type { CheckResult } from '../CheckResult.ts';
import { searchWalks, type WalkSearch } from './searchWalks.ts';
import { shrinkWalk } from './shrinkWalk.ts';
import { eventTypesOf } from './eventTypesOf.ts';
import type { SimulationInfo } from './SimulationInfo.ts';
import type { XstateSystem } from '../adapter/xstateSystem.ts';
import type { SearchProblem } from '../search/SearchOutcome.ts';
import type { AnySnapshot } from '../model/defineModel.ts';

/** The system walked: as a check's (`SystemOptions`), without the reductions a walk has no use for. */
export interface SimulateOptions extends Pick<SystemOptions, 'engine' | 'invariants' | 'environment'> {
  readonly params?: Readonly<Record<string, unknown>>;
  readonly modelRef?: string;
  /** Walks to draw (default 1000). */
  readonly runs?: number;
  /** Steps per walk at most (default 100). */
  readonly depth?: number;
  /** fast-check's seed (a 32-bit integer); the caller draws one when the user gives none. */
  readonly seed: number;
  /** With `seed`, fast-check's path to one walk: that walk alone is run (and shrunk, if it fails). */
  readonly path?: string;
  readonly swarm?: boolean;
  readonly timeLimitMs?: number;
  /** Count coverage (default true). */
  readonly coverage?: boolean;
  readonly now?: () => number;
}

export const DEFAULT_RUNS = 1000;
export const DEFAULT_DEPTH = 100;

/** A simulation's system and problem, built once (the CLI's workers build their own). */
export interface SimulationSetup {
  readonly model: ModelDefinition<ParamValues>;
  readonly params: ParamValues;
  readonly system: XstateSystem;
  readonly problem: SearchProblem<AnySnapshot>;
  readonly types: readonly string[];
  readonly base: Omit<CheckResult, 'verdict' | 'stats' | 'violations' | 'engine'> & Pick<CheckResult, 'engine'>;
}

/** Builds what a simulation walks: the model in its environment, the system on the chosen engine, the invariants; throws a ModelError when that fails. */
export function simulationSetup(given: Model | ModelDefinition<ParamValues>, options: Pick<SimulateOptions, 'params' | 'engine' | 'invariants' | 'environment' | 'modelRef'>): SimulationSetup {
  const params = resolveModelParams(given, options.params ?? {});
  const { prepared, error } = prepareModel(given, params, options.environment);
  if (error) throw error;
  const model = prepared!.model;
  const selected = selectInvariants(model, options.invariants);
  const properties = selectProperties(model, options.invariants);
  const { choice, problem } = checkedSystem(given, params, { engine: options.engine, invariants: options.invariants, environment: options.environment }, prepared);
  const system = choice.system as XstateSystem;
  const base = {
    model: options.modelRef ?? model.name,
    params,
    strategy: 'random' as const,
    symmetry: false,
    invariants: selected.map((i) => i.id),
    invariantInfo: invariantInfoOf(selected),
    // the walks check invariants and deadlock: the properties are listed as not checked
    ...(properties.length > 0 ? { properties: properties.map((p) => p.id), propertyInfo: propertyInfoOf(properties), fairness: [] } : {}),
    engine: choice.engine,
    ...(choice.note ? { engineNote: choice.note } : {}),
    ...(Object.keys(prepared!.report).length > 0 ? { environment: prepared!.report } : {}),
    ...(choice.notRun.length > 0 ? { notRun: choice.notRun } : {}),
  };
  return { model, params, system, problem, types: eventTypesOf(system.machine), base };
}

/** The walks' figures as a result's stats. */
function walkStats(walks: Pick<WalkSearch, 'walks' | 'steps' | 'maxDepth' | 'seen'>, elapsedMs: number): CheckResult['stats'] {
  const generated = walks.steps + walks.walks;
  return { distinct: walks.seen.size, generated, maxDepth: walks.maxDepth, elapsedMs, storeBytes: walks.seen.bytes, collisionProbability: collisionProbability(walks.seen.size, generated) };
}

/**
 * The result of a simulation whose walks are done (`walks`, from one `searchWalks` or the
 * merge of several): no failure is `incomplete` (a simulation never shows that nothing fails),
 * a model error is `error`, and a failing walk is shrunk (`shrinkWalk`) and reported as `check`
 * reports a counterexample, its trace rebuilt by replaying the shrunk path.
 */
export function simulationResult(setup: SimulationSetup, walks: WalkSearch, settings: { runs: number; depth: number; seed: number; swarm: boolean; timeLimitMs?: number }, coverage: Coverage | undefined, now: () => number, started: number): CheckResult {
  const info: SimulationInfo = { seed: settings.seed, runs: settings.runs, walks: walks.walks, depth: settings.depth, swarm: settings.swarm };
  const stats = walkStats(walks, walks.elapsedMs);
  const cov = coverage ? { coverage } : {};
  if (walks.error) return { ...setup.base, verdict: 'error', stats, violations: [], error: { code: walks.error.code, message: walks.error.message }, simulation: info };
  const found = walks.found;
  if (!found) {
    const incomplete = walks.timedOut ? { reason: 'time-limit' as const, limit: settings.timeLimitMs! / 1000 } : { reason: 'runs' as const, limit: settings.runs };
    return { ...setup.base, verdict: 'incomplete', stats, violations: [], incomplete, simulation: info, ...cov };
  }
  const shrinkStart = now();
  const { system, problem, types } = setup;
  const shrunk = shrinkWalk(system, problem, { seed: found.seed, depth: settings.depth, types: settings.swarm ? types : [] }, found.path, found.outcome.end);
  const end = shrunk.outcome.end;
  if (end.kind === 'end') throw new Error('a shrunk walk lost its failure');
  const trace = buildTrace(system, replayEvents(system, shrunk.outcome.path));
  const violation = violationFrom(setup.model, end, trace);
  const simulation: SimulationInfo = {
    ...info,
    found: {
      seed: found.seed,
      path: shrunk.path,
      foundSteps: found.outcome.path.length,
      shrunkSteps: shrunk.shrunkSteps,
      steps: shrunk.outcome.path.length,
      shrinks: shrunk.shrinks,
      foundMs: found.elapsedMs,
      shrinkMs: now() - shrinkStart,
    },
  };
  return { ...setup.base, verdict: end.kind, stats: { ...stats, elapsedMs: now() - started }, violations: [violation], simulation, ...cov };
}

/**
 * `lucheck simulate` as a function: random walks over the model drawn by fast-check
 * (`searchWalks`), each checking the invariants in every state and deadlock in every state it
 * leaves; the first failing walk is shrunk and returned as a counterexample. Never returns
 * `pass`: without a failure the verdict is `incomplete`, with the reason (`runs` or
 * `time-limit`). Throws a `UsageError` for bad parameters; a model error is a verdict.
 */
export function simulate(given: Model | ModelDefinition<ParamValues>, options: SimulateOptions): CheckResult {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const runs = options.runs ?? DEFAULT_RUNS;
  const depth = options.depth ?? DEFAULT_DEPTH;
  if (!Number.isInteger(options.seed)) throw new UsageError(`the seed must be an integer, not ${options.seed}`);
  const settings = { runs, depth, seed: options.seed | 0, swarm: options.swarm ?? false, ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}) };
  let setup: SimulationSetup | undefined;
  try {
    setup = simulationSetup(given, options);
    const cov = options.coverage === false ? undefined : coverageCollector(setup.system, setup.system.machine);
    const walks = searchWalks(setup.system, setup.problem, {
      seed: settings.seed,
      depth,
      types: settings.swarm ? setup.types : [],
      runs: options.path !== undefined ? 1 : runs,
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
      ...(cov ? { observer: cov.observer as never } : {}),
      now,
    });
    return simulationResult(setup, walks, settings, cov?.result(false), now, started);
  } catch (thrown) {
    const error = stackOverflowError(thrown, given.name) ?? thrown;
    if (!(error instanceof ModelError)) throw error;
    const params = resolveModelParams(given, options.params ?? {});
    return {
      ...(setup?.base ?? { model: options.modelRef ?? given.name, params, strategy: 'random', symmetry: false, invariants: [], engine: 'reference' }),
      verdict: 'error',
      stats: noStats(now() - started),
      violations: [],
      error: { code: error.code, message: error.message },
      simulation: { seed: settings.seed, runs, walks: 0, depth, swarm: settings.swarm },
    };
  }
}
