import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { UsageError, shortValue } from '../../model/errors.ts';
import { simulate, DEFAULT_DEPTH, DEFAULT_RUNS } from '../../simulate/simulate.ts';
import { EXIT_FOR_VERDICT } from '../exitCodes.ts';
import type { Io } from '../Io.ts';
import { loadModel } from '../loadModel.ts';
import { DEFAULT_MODEL } from '../builtinModels.ts';
import { numberFlag, parseArgs, parseSets } from '../parseArgs.ts';
import { lazyLocations, type ReportInput } from '../reporters.ts';
import { checkOutputs, parseOutputs, writeReports } from '../reportOutputs.ts';
import { engineFlag, parseEnvironment, reproducibleArgs } from '../runArgs.ts';
import { runParallelSimulation } from '../simulate/runParallelSimulation.ts';

const OPTIONS = {
  set: { type: 'string', multiple: true },
  runs: { type: 'string' },
  depth: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  'time-limit': { type: 'string' },
  swarm: { type: 'boolean' },
  workers: { type: 'string' },
  invariant: { type: 'string', multiple: true },
  engine: { type: 'string' },
  environment: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  reporter: { type: 'string', multiple: true },
} as const;

/** More worker threads than this many per core only add memory and contention. */
const WORKERS_PER_CORE = 4;

/** `--seed N`: fast-check's seed, a 32-bit signed integer. */
function seedFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new UsageError(`bad value ${shortValue(raw)} for --seed; allowed: an integer from -2147483648 to 2147483647`);
  return n;
}

/** `--path P`: fast-check's path to a walk, numbers separated by colons (as a result's `simulation.found.path` gives it). */
function pathFlag(raw: string | undefined, seed: number | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+(:\d+)*$/.test(raw)) throw new UsageError(`bad value ${shortValue(raw)} for --path; allowed: numbers separated by colons, as simulation.found.path gives them`);
  if (seed === undefined) throw new UsageError('--path needs the --seed it was found with');
  return raw;
}

/**
 * `lucheck simulate [MODEL] ...`: random walks over the model, the first failing one shrunk and
 * reported as `check` reports a counterexample; writes the reports and returns the exit code
 * (4, incomplete, when no walk fails: a simulation never passes).
 */
export async function runSimulate(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs('simulate', args, OPTIONS, 1);
  const modelArg = positionals[0] ?? DEFAULT_MODEL;
  const outputs = parseOutputs(values, io.cwd);
  const runs = numberFlag('--runs', values.runs as string | undefined) ?? DEFAULT_RUNS;
  const depth = numberFlag('--depth', values.depth as string | undefined) ?? DEFAULT_DEPTH;
  const timeLimit = numberFlag('--time-limit', values['time-limit'] as string | undefined);
  const given = seedFlag(values.seed as string | undefined);
  const path = pathFlag(values.path as string | undefined, given);
  const workers = numberFlag('--workers', values.workers as string | undefined) ?? 1;
  const mostWorkers = WORKERS_PER_CORE * availableParallelism();
  if (workers > mostWorkers) throw new UsageError(`--workers ${workers} is more than ${WORKERS_PER_CORE} per core (${availableParallelism()} here); allowed: 1 to ${mostWorkers}`);
  if (path !== undefined && workers > 1) throw new UsageError('--path replays one walk: drop --workers');
  const engine = engineFlag(values.engine as string | undefined);
  const loaded = await loadModel(modelArg, io.cwd);
  const summary = checkOutputs(outputs, io, [loaded.ref]);
  // a seed the user did not give is drawn, and reported, so the run can be made again
  const seed = given ?? randomInt(-(2 ** 31), 2 ** 31);
  const options = {
    params: parseSets((values.set as string[] | undefined) ?? []),
    invariants: (values.invariant as string[] | undefined)?.flatMap((v) => v.split(',')),
    engine,
    environment: parseEnvironment(values.environment as string | undefined, '--environment'),
    modelRef: loaded.ref,
    runs,
    depth,
    seed,
    swarm: (values.swarm as boolean | undefined) ?? false,
    ...(path !== undefined ? { path } : {}),
    ...(timeLimit !== undefined ? { timeLimitMs: timeLimit * 1000 } : {}),
    now: io.now,
  };
  const result = workers > 1 ? await runParallelSimulation(loaded.model, { ...options, workers, cwd: io.cwd }) : simulate(loaded.model, options);
  // the command that draws the shrunk walk again, without searching: its seed and path
  const found = result.simulation?.found;
  const again = reproducibleArgs(args, positionals[0] === undefined ? modelArg : undefined, found ? ['--seed', '--path', '--workers', '--runs', '--time-limit'] : ['--seed', '--path']);
  const command = ['lucheck simulate', ...again, ...(found ? ['--seed', String(found.seed), '--path', found.path] : ['--seed', String(seed)])].join(' ');
  const input: ReportInput = { result, command, modelName: modelArg, cwd: io.cwd, locate: lazyLocations(loaded.ref, [...result.invariants, ...(result.properties ?? [])], io.cwd), model: loaded.model };
  await writeReports(outputs, input, io, [loaded.ref], summary);
  return EXIT_FOR_VERDICT[result.verdict];
}
