// `lucheck distributed MODEL --redis URL --run NAME --partitions P ...`: one process of a
// breadth-first search shared by several processes, on one machine or several, through a Redis
// server (src/cli/distributed). Every process runs the same command; each writes the run's one
// result with the reports of `lucheck check` and exits with its exit code.
import { STATE_FORMAT } from '../../store/stateFormat.ts';
import { UsageError, shortValue } from '../../model/errors.ts';
import { resolveModelParams } from '../../model/defineModel.ts';
import { selectProperties } from '../../model/selectProperties.ts';
import type { Io } from '../Io.ts';
import { loadModel } from '../loadModel.ts';
import { numberFlag, parseArgs, parseSets } from '../parseArgs.ts';
import { checkOutputs, parseOutputs, writeReports } from '../reportOutputs.ts';
import { lazyLocations, type ReportInput } from '../reporters.ts';
import { modelFileHash } from '../checkpointIdentity.ts';
import { EXIT_FOR_VERDICT } from '../exitCodes.ts';
import { checkRedisUrl, redactedUrl } from '../distributed/connectRedis.ts';
import { runDistributedSearch, type WorkerFigures } from '../distributed/runDistributedSearch.ts';
import { engineFlag, parseEnvironment, reproducibleArgs } from '../runArgs.ts';

const OPTIONS = {
  redis: { type: 'string' },
  run: { type: 'string' },
  partitions: { type: 'string' },
  lease: { type: 'string' },
  set: { type: 'string', multiple: true },
  'max-states': { type: 'string' },
  'expect-states': { type: 'string' },
  'max-depth': { type: 'string' },
  'time-limit': { type: 'string' },
  'check-determinism': { type: 'boolean' },
  invariant: { type: 'string', multiple: true },
  engine: { type: 'string' },
  symmetry: { type: 'boolean' },
  'drop-auxiliary': { type: 'boolean' },
  environment: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  reporter: { type: 'string', multiple: true },
} as const;

/** Seconds a process's hold on a partition lasts without renewal (it renews every third of it). */
const LEASE_S = 10;
const MOST_PARTITIONS = 4096;

/** A positive integer flag (no NUMERIC_BOUNDS entry: these are distributed's own). */
function positiveInteger(flag: string, raw: string | undefined, most: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > most) throw new UsageError(`bad value ${shortValue(raw)} for ${flag}; allowed: an integer from 1 to ${most}`);
  return n;
}

export async function runDistributed(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs('distributed', args, OPTIONS, 1);
  const modelArg = positionals[0];
  if (modelArg === undefined) throw new UsageError('lucheck distributed needs a MODEL (every process names the same one); see lucheck --help');
  const url = values.redis as string | undefined;
  if (url === undefined) throw new UsageError('lucheck distributed needs --redis URL (the Redis server all processes share), such as redis://host:6379');
  checkRedisUrl(url);
  const run = values.run as string | undefined;
  if (run === undefined || !/^[\w.-]{1,100}$/.test(run)) throw new UsageError(`lucheck distributed needs --run NAME (letters, digits, '.', '_', '-'; the same in every process)${run === undefined ? '' : `, not ${shortValue(run)}`}`);
  const partitions = positiveInteger('--partitions', values.partitions as string | undefined, MOST_PARTITIONS);
  if (partitions === undefined) throw new UsageError('lucheck distributed needs --partitions P (the same in every process; at least the number of processes)');
  const leaseS = numberFlag('--time-limit', values.lease as string | undefined, '--lease') ?? LEASE_S;
  const reports = parseOutputs(values, io.cwd);
  const engine = engineFlag(values.engine as string | undefined);
  if (engine === 'reference') throw new UsageError('lucheck distributed needs the compiled engine (its states cross processes through the compiled codec); drop --engine reference');
  const timeLimit = numberFlag('--time-limit', values['time-limit'] as string | undefined);
  const maxStates = numberFlag('--max-states', values['max-states'] as string | undefined);
  // a hint, not part of the run's identity: processes told different counts still share the run
  const expectedStates = numberFlag('--expect-states', values['expect-states'] as string | undefined);
  const maxDepth = numberFlag('--max-depth', values['max-depth'] as string | undefined);
  const invariants = (values.invariant as string[] | undefined)?.flatMap((v) => v.split(','));
  const environment = parseEnvironment(values.environment as string | undefined, '--environment');
  const loaded = await loadModel(modelArg, io.cwd);
  const params = resolveModelParams(loaded.model, parseSets((values.set as string[] | undefined) ?? []));
  // Temporal properties need the whole state graph in one place: lucheck check checks them.
  const all = loaded.model.properties ?? [];
  const named = invariants ? selectProperties(loaded.model, invariants) : [];
  if (named.length > 0) throw new UsageError(`lucheck distributed checks invariants and deadlock; ${named.map((p) => p.id).join(', ')} ${named.length > 1 ? 'are temporal properties' : 'is a temporal property'} of model ${loaded.model.name}, checked by lucheck check; drop ${named.length > 1 ? 'them' : 'it'} from --invariant`);
  const inputs = [loaded.ref];
  const summary = checkOutputs(reports, io, inputs);
  // shown to other processes and in reports: without the Redis password
  const command = ['lucheck distributed', ...reproducibleArgs(args, undefined)].join(' ').replace(url, redactedUrl(url));
  // what must be the same in every process of the run: the model (and its file's text), parameters, options
  const identity = JSON.stringify({
    model: modelArg,
    // fingerprints and records made by another lucheck would not be recognised
    stateFormat: STATE_FORMAT,
    modelHash: modelFileHash(loaded.ref),
    params,
    partitions,
    lease: leaseS,
    engine: engine ?? 'auto',
    symmetry: values.symmetry ?? false,
    dropAuxiliary: values['drop-auxiliary'] ?? false,
    checkDeterminism: values['check-determinism'] ?? false,
    invariants: invariants ?? null,
    environment: values.environment ?? null,
    maxStates: maxStates ?? null,
    maxDepth: maxDepth ?? null,
    timeLimit: timeLimit ?? null,
  });
  if (!invariants && all.length > 0) io.stderr.write(`lucheck: the temporal properties of model ${loaded.model.name} (${all.map((p) => p.id).join(', ')}) are not checked by a distributed run; lucheck check checks them\n`);
  const figures: WorkerFigures = { sentBytes: 0, committed: 0, takenOver: 0 };
  const result = await runDistributedSearch(loaded.model, {
    url,
    run,
    partitions,
    leaseMs: leaseS * 1000,
    identity,
    command,
    modelRef: loaded.ref,
    params,
    engine,
    symmetry: values.symmetry as boolean | undefined,
    dropAuxiliary: values['drop-auxiliary'] as boolean | undefined,
    invariants,
    environment,
    checkDeterminism: values['check-determinism'] as boolean | undefined,
    maxStates,
    expectedStates,
    maxDepth,
    timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    note: (line) => io.stderr.write(`lucheck: ${line}\n`),
  }, figures);
  io.stderr.write(`lucheck: this process committed ${figures.committed} partition levels, took over ${figures.takenOver} partitions and sent ${figures.sentBytes} bytes to Redis\n`);
  const input: ReportInput = { result, command, modelName: modelArg, cwd: io.cwd, locate: lazyLocations(loaded.ref, [...result.invariants, ...(result.properties ?? [])], io.cwd), model: loaded.model };
  await writeReports(reports, input, io, inputs, summary);
  return EXIT_FOR_VERDICT[result.verdict];
}
