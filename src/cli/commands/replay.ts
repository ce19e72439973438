import type { EventObject } from 'xstate';
import type { CheckResult } from '../../CheckResult.ts';
import { createXstateSystem, type XstateSystem } from '../../adapter/xstateSystem.ts';
import { formatStateValue } from '../../adapter/formatStateValue.ts';
import { searchProblem } from '../../check.ts';
import { ModelError, UsageError } from '../../model/errors.ts';
import { resolveModelParams, type AnySnapshot, type ModelDefinition } from '../../model/defineModel.ts';
import type { ParamValues } from '../../model/params.ts';
import { parseFairness } from '../../model/selectProperties.ts';
import { lassoProblem } from '../../liveness/lassoProblem.ts';
import { createSystem } from '../../compiled/createSystem.ts';
import { firstViolation } from '../../search/firstViolation.ts';
import { diffContext } from '../../trace/diffContext.ts';
import { enabledEventLike } from '../../trace/enabledEventLike.ts';
import { exploredEnvironment } from '../../trace/exploredEnvironment.ts';
import { formatEvent } from '../../report/formatEvent.ts';
import { RESULT_SCHEMA } from '../../report/formatJson.ts';
import { EXIT } from '../exitCodes.ts';
import type { Io } from '../Io.ts';
import { loadModel } from '../loadModel.ts';
import { parseArgs } from '../parseArgs.ts';
import { readJsonFile } from '../files.ts';
import { withEnvironment } from '../../model/withEnvironment.ts';
import type { EnvironmentKind } from '../../adapter/environment.ts';

interface SavedTrace {
  model: string;
  params: Record<string, unknown>;
  steps: { event: EventObject | null }[];
  expected?: { kind: string; id: string };
  /** The environment the check explored, when it excluded part of it. */
  environment?: EnvironmentKind[];
  /** The invariants the check checked (`--invariant`), as its result lists them. */
  invariants?: string[];
  /** A lasso's cycle (a failing temporal property). */
  loop?: { start: number; stutter: boolean; upToReduction?: boolean };
  /** The reductions the check identified states by, for a lasso that closes only up to them. */
  reductions: { symmetry: boolean; auxiliary: boolean };
  /** The fairness the check assumed, as its result lists it (`WF(p0)`, ...). */
  fairness?: string[];
}

/** Validates the shape of a `check --format json` document and takes its first trace. */
function readTrace(path: string): SavedTrace {
  const doc = readJsonFile(path, 'trace file') as Record<string, unknown> | null;
  const bad = (why: string): never => {
    throw new UsageError(`trace file ${path} is malformed: ${why}; expected the output of lucheck check --format json`);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) bad('not a JSON object');
  if (doc!.schema !== RESULT_SCHEMA) bad(`"schema" is not "${RESULT_SCHEMA}"`);
  if (typeof doc!.model !== 'string') bad('"model" is missing');
  if (typeof doc!.params !== 'object' || doc!.params === null || Array.isArray(doc!.params)) bad('"params" is not an object');
  const invariants = doc!.invariants;
  if (invariants !== undefined && (!Array.isArray(invariants) || !invariants.every((i) => typeof i === 'string'))) bad('"invariants" is not a list of invariant ids');
  const violations = doc!.violations;
  if (!Array.isArray(violations)) bad('"violations" is not a list');
  if ((violations as unknown[]).length === 0) bad(`it holds no counterexample (verdict ${String(doc!.verdict)})`);
  const v = (violations as Record<string, unknown>[])[0]!;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('its first violation is not an object');
  if (!Array.isArray(v.trace) || v.trace.length === 0) bad('the first violation has no "trace"');
  const steps = v.trace as Record<string, unknown>[];
  steps.forEach((s, i) => {
    const e = s?.event as Record<string, unknown> | null | undefined;
    const ok = i === 0 ? e === null || e === undefined : typeof e === 'object' && e !== null && typeof e.type === 'string';
    if (!ok) bad(`step ${i} has no valid "event"`);
  });
  const loop = v.loop as Record<string, unknown> | undefined;
  if (loop !== undefined && (typeof loop !== 'object' || loop === null || !Number.isInteger(loop.start) || typeof loop.stutter !== 'boolean')) bad('the first violation\'s "loop" is not { start, stutter }');
  const fairness = doc!.fairness;
  if (fairness !== undefined && (!Array.isArray(fairness) || !fairness.every((f) => typeof f === 'string'))) bad('"fairness" is not a list of assumptions such as WF(p0)');
  return {
    ...(loop ? { loop: { start: loop.start as number, stutter: loop.stutter as boolean, ...(loop.upToReduction === true ? { upToReduction: true } : {}) } } : {}),
    reductions: { symmetry: doc!.symmetry === true, auxiliary: doc!.dropAuxiliary === true },
    ...(fairness ? { fairness: fairness as string[] } : {}),
    model: doc!.model as string,
    params: doc!.params as Record<string, unknown>,
    steps: steps as SavedTrace['steps'],
    expected: typeof v.id === 'string' && typeof v.kind === 'string' ? { kind: v.kind, id: v.id } : undefined,
    environment: exploredEnvironment({ environment: doc!.environment as CheckResult['environment'] }),
    ...(invariants !== undefined ? { invariants: invariants as string[] } : {}),
  };
}

/**
 * `lucheck replay TRACE.json [MODEL]`: re-executes a saved counterexample step by step,
 * printing each state, and says whether the recorded violation still happens. Exit 10/11/12 when
 * it does (12: a lasso on which its property still fails, under its check's fairness), 0 when
 * the trace replays without it, 3 when the trace no longer fits the model.
 */
export async function runReplay(args: readonly string[], io: Io): Promise<number> {
  const { positionals } = parseArgs('replay', args, {}, 2);
  if (!positionals[0]) throw new UsageError('replay needs a trace file: lucheck replay TRACE.json [MODEL]');
  const trace = readTrace(positionals[0]);
  const { model: given, ref } = await loadModel(positionals[1] ?? trace.model, io.cwd);
  const params = resolveModelParams(given, trace.params);
  // The model in the environment the trace was found in (its events are part of the trace).
  const { model, environment } = withEnvironment(given, params, trace.environment);
  const system = createXstateSystem(model, params, undefined, environment);
  // the invariants the check checked, as it did: a violation of another is not this trace's
  const problem = searchProblem(model, params, trace.invariants);
  const out = (s: string) => io.stdout.write(s + '\n');
  out(`lucheck replay ${positionals[0]} on ${ref}`);

  let state = system.initialState();
  const states = [state];
  const events: EventObject[] = [];
  const show = (step: number, label: string, actor: string, changes: string[]) =>
    out(`  ${String(step).padStart(3)}  ${actor.padEnd(10)}  ${label}\n       -> ${formatStateValue(state.value)}${changes.length ? `; ${changes.join(', ')}` : ''}`);
  show(0, '(initial)', '', []);
  let broken = firstViolation(problem.invariants, state);
  for (let i = 1; i < trace.steps.length && !broken; i++) {
    const event = enabledEventLike(system, state, trace.steps[i]!.event!, i, formatEvent);
    const before = state;
    state = system.next(state, event);
    states.push(state);
    events.push(event);
    show(i, formatEvent(event), system.actorOf(before, event) ?? '', diffContext(before.context, state.context));
    broken = firstViolation(problem.invariants, state);
  }
  if (broken) {
    out(`violation of ${broken.invariantId} reproduced: ${broken.message}`);
    return EXIT.violation;
  }
  if (trace.loop) return replayedLasso(trace, trace.loop, { system, states, events, model, params, out });
  if (system.enabledEvents(state).length === 0 && !problem.isFinal(state)) {
    out(`deadlock reproduced: no event is enabled in state ${formatStateValue(state.value)}`);
    return EXIT.deadlock;
  }
  out(`the trace replays; ${trace.expected ? `the recorded ${trace.expected.id} no longer happens` : 'no invariant is violated'}`);
  return EXIT.pass;
}

/** The end of a lasso's replay: whether its property still fails on it, under the fairness its check assumed (exit 12), or why not (exit 0). */
function replayedLasso(
  trace: SavedTrace,
  loop: NonNullable<SavedTrace['loop']>,
  run: { system: XstateSystem; states: AnySnapshot[]; events: EventObject[]; model: ModelDefinition<ParamValues>; params: ParamValues; out: (s: string) => void },
): number {
  const id = trace.expected?.id ?? '';
  const property = run.model.properties?.find((p) => p.id === id);
  if (!property) throw new ModelError('trace-diverged', `the trace is a lasso for property ${id}, which model ${run.model.name} does not have; its properties: ${(run.model.properties ?? []).map((p) => p.id).join(', ') || 'none'}`);
  const fairness = trace.fairness && trace.fairness.length > 0 ? parseFairness(trace.fairness.join(',')) : [];
  // a cycle that closes up to the check's reductions is compared as the check identified states
  const reduced = loop.upToReduction ? createSystem(run.model, run.params, 'reference', trace.reductions).system : undefined;
  const same = reduced ? (a: AnySnapshot, b: AnySnapshot) => reduced.key(a) === reduced.key(b) : undefined;
  const problem = lassoProblem(run.system, run.states, run.events, loop, property, fairness, run.params, same);
  const under = fairness.length > 0 ? `under ${trace.fairness!.join(', ')}` : 'under no fairness';
  if (problem) {
    run.out(`the trace replays; the recorded ${id} no longer fails on it: ${problem}`);
    return EXIT.pass;
  }
  const last = run.states.length - 1;
  const cycle = loop.stutter ? `the state of step ${loop.start} stays for ever (no event is enabled)` : `${last === loop.start + 1 ? `step ${last} comes` : `steps ${loop.start + 1} to ${last} come`} back to the state of step ${loop.start}`;
  run.out(`liveness failure of ${id} reproduced ${under}: ${cycle}, and the property fails on that behaviour`);
  return EXIT.liveness;
}
