import type { EventObject } from 'xstate';
import { createXstateSystem } from '../../adapter/xstateSystem.ts';
import { canonicalJson } from '../../adapter/canonicalJson.ts';
import { formatStateValue } from '../../adapter/formatStateValue.ts';
import { searchProblem } from '../../check.ts';
import { ModelError, UsageError } from '../../model/errors.ts';
import { resolveModelParams } from '../../model/defineModel.ts';
import { firstViolation } from '../../search/firstViolation.ts';
import { diffContext } from '../../trace/diffContext.ts';
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
  return {
    model: doc!.model as string,
    params: doc!.params as Record<string, unknown>,
    steps: steps as SavedTrace['steps'],
    expected: typeof v.id === 'string' && typeof v.kind === 'string' ? { kind: v.kind, id: v.id } : undefined,
    environment: environmentOfResult(doc!.environment),
    ...(invariants !== undefined ? { invariants: invariants as string[] } : {}),
  };
}

/** The environment kinds a result explored, read from its `environment` field (undefined: all the model declares). */
function environmentOfResult(value: unknown): EnvironmentKind[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.delays !== false && v.actors !== false) return undefined;
  return (['delays', 'actors'] as const).filter((k) => v[k] !== false);
}

/**
 * `lucheck replay TRACE.json [MODEL]`: re-executes a saved counterexample step by step,
 * printing each state, and says whether the recorded violation still happens. Exit 10/11 when
 * it does, 0 when the trace replays without it, 3 when the trace no longer fits the model.
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
  const show = (step: number, label: string, actor: string, changes: string[]) =>
    out(`  ${String(step).padStart(3)}  ${actor.padEnd(10)}  ${label}\n       -> ${formatStateValue(state.value)}${changes.length ? `; ${changes.join(', ')}` : ''}`);
  show(0, '(initial)', '', []);
  let broken = firstViolation(problem.invariants, state);
  for (let i = 1; i < trace.steps.length && !broken; i++) {
    const wanted = trace.steps[i]!.event!;
    const key = canonicalJson(wanted);
    const enabled = system.enabledEvents(state);
    const event = enabled.find((e) => canonicalJson(e) === key);
    if (!event) {
      throw new ModelError(
        'trace-diverged',
        `step ${i} of the trace takes ${formatEvent(wanted)}, which is not enabled in state ${formatStateValue(state.value)}; enabled: ${enabled.map(formatEvent).join(', ') || 'none'}`,
      );
    }
    const before = state;
    state = system.next(state, event);
    show(i, formatEvent(event), system.actorOf(before, event) ?? '', diffContext(before.context, state.context));
    broken = firstViolation(problem.invariants, state);
  }
  if (broken) {
    out(`violation of ${broken.invariantId} reproduced: ${broken.message}`);
    return EXIT.violation;
  }
  if (system.enabledEvents(state).length === 0 && !problem.isFinal(state)) {
    out(`deadlock reproduced: no event is enabled in state ${formatStateValue(state.value)}`);
    return EXIT.deadlock;
  }
  out(`the trace replays; ${trace.expected ? `the recorded ${trace.expected.id} no longer happens` : 'no invariant is violated'}`);
  return EXIT.pass;
}
