import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { check } from '../../check.ts';
import type { Engine } from '../../compiled/createSystem.ts';
import { UsageError } from '../../model/errors.ts';
import { STRATEGIES, type Strategy } from '../../search/SearchConfig.ts';
import type { Io } from '../Io.ts';
import { loadModel, looksLikePath } from '../loadModel.ts';
import { checkCheckpointDir, saveCheckpoint, type SavedSearch } from '../checkpointFiles.ts';
import { checkpointIdentity, resumeFrom } from '../checkpointIdentity.ts';
import type { ParallelSnapshot } from '../parallel/ParallelSnapshot.ts';
import type { SearchSnapshot } from '../../search/SearchSnapshot.ts';
import { resolveModelParams, type Model } from '../../model/defineModel.ts';
import { parseFairness } from '../../model/selectProperties.ts';
import { DEFAULT_MODEL } from '../builtinModels.ts';
import { EXIT_FOR_VERDICT } from '../exitCodes.ts';
import { memoryFlag, numberFlag, parseArgs, parseSets } from '../parseArgs.ts';
import { readJsonFile } from '../files.ts';
import { progressObserver } from '../progress.ts';
import { fileSpill } from '../fileSpill.ts';
import { lazyLocations, type ReportInput } from '../reporters.ts';
import { checkOutputs, parseOutputs, writeReports } from '../reportOutputs.ts';
import { formatMiB } from '../../report/formatNumber.ts';
import { refuseParallelOptions, runParallelCheck } from '../parallel/runParallelCheck.ts';
import { parseEnvironment, reproducibleArgs } from '../runArgs.ts';

const OPTIONS = {
  set: { type: 'string', multiple: true },
  config: { type: 'string' },
  strategy: { type: 'string' },
  'max-states': { type: 'string' },
  'expect-states': { type: 'string' },
  'max-depth': { type: 'string' },
  'time-limit': { type: 'string' },
  'check-determinism': { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  reporter: { type: 'string', multiple: true },
  invariant: { type: 'string', multiple: true },
  engine: { type: 'string' },
  memory: { type: 'string' },
  'spill-dir': { type: 'string' },
  symmetry: { type: 'boolean' },
  'drop-auxiliary': { type: 'boolean' },
  workers: { type: 'string' },
  environment: { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'string' },
  fairness: { type: 'string' },
} as const;

/** Seconds between two checkpoints unless --checkpoint-every says otherwise. */
const CHECKPOINT_EVERY_S = 600;

/** More worker threads than this many per core only add memory and contention. */
const WORKERS_PER_CORE = 4;

/** The keys a --config file may hold, with the JSON type each takes; flags given on the command line win. */
const CONFIG_TYPES = {
  model: 'string',
  params: 'object',
  strategy: 'string',
  maxStates: 'number',
  expectStates: 'number',
  maxDepth: 'number',
  timeLimit: 'number',
  checkDeterminism: 'boolean',
  engine: 'string',
  symmetry: 'boolean',
  dropAuxiliary: 'boolean',
  memory: 'size',
  invariants: 'strings',
  workers: 'number',
  environment: 'string',
  fairness: 'string',
} as const;
const CONFIG_KEYS = Object.keys(CONFIG_TYPES);
interface ConfigFile {
  model?: string;
  params?: Record<string, unknown>;
  strategy?: Strategy;
  maxStates?: number;
  /** As `--expect-states`: the visited set is sized for this many states at the start. */
  expectStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  checkDeterminism?: boolean;
  engine?: string;
  symmetry?: boolean;
  dropAuxiliary?: boolean;
  /** A size as `--memory` takes it (`8G`), or a number of bytes. */
  memory?: string | number;
  invariants?: string[];
  workers?: number;
  /** As `--environment`: `delays,actors`, one of them, or `none`. */
  environment?: string;
  /** As `--fairness`: `none`, or `WF(actor),SF(event:TYPE),...`. */
  fairness?: string;
}

const TYPE_NAMES = { string: 'string', object: 'JSON object', number: 'number', boolean: 'boolean', size: 'size such as "8G" or a number of bytes', strings: 'list of strings' } as const;

function hasType(v: unknown, want: (typeof CONFIG_TYPES)[keyof typeof CONFIG_TYPES]): boolean {
  switch (want) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'size':
      return typeof v === 'string' || typeof v === 'number';
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    default:
      return typeof v === want;
  }
}

function readConfig(path: string): ConfigFile {
  const raw = readJsonFile(path, 'config file');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError(`config file ${path} must hold a JSON object with keys ${CONFIG_KEYS.join(', ')}`);
  }
  for (const [k, v] of Object.entries(raw)) {
    if (!Object.hasOwn(CONFIG_TYPES, k)) throw new UsageError(`unknown key '${k}' in config file ${path}; allowed: ${CONFIG_KEYS.join(', ')}`);
    const want = CONFIG_TYPES[k as keyof typeof CONFIG_TYPES];
    if (!hasType(v, want)) throw new UsageError(`key '${k}' in config file ${path} must be a ${TYPE_NAMES[want]}`);
  }
  const c = raw as ConfigFile;
  numberFlag('--max-states', c.maxStates, `key 'maxStates' in config file ${path}`);
  numberFlag('--expect-states', c.expectStates, `key 'expectStates' in config file ${path}`);
  numberFlag('--max-depth', c.maxDepth, `key 'maxDepth' in config file ${path}`);
  numberFlag('--time-limit', c.timeLimit, `key 'timeLimit' in config file ${path}`);
  numberFlag('--workers', c.workers, `key 'workers' in config file ${path}`);
  if (c.memory !== undefined) memoryFlag(String(c.memory), `key 'memory' in config file ${path}`);
  return c;
}

/** What shapes a run's state space and verdict, as text (a checkpoint's `run`): its parameters, resolved, and its options; not its bounds of time, states or memory. */
function runIdentity(loaded: { model: Model }, values: Record<string, unknown>, config: ConfigFile, args: readonly string[], impliedModel: string | undefined): { run: string; command: string } {
  const sets = parseSets((values.set as string[] | undefined) ?? []);
  const params = resolveModelParams(loaded.model, { ...config.params, ...sets });
  const run = JSON.stringify({
    params,
    strategy: values.strategy ?? config.strategy ?? 'bfs',
    engine: values.engine ?? config.engine ?? 'auto',
    symmetry: values.symmetry ?? config.symmetry ?? false,
    dropAuxiliary: values['drop-auxiliary'] ?? config.dropAuxiliary ?? false,
    checkDeterminism: values['check-determinism'] ?? config.checkDeterminism ?? false,
    invariants: (values.invariant as string[] | undefined)?.flatMap((v) => v.split(',')) ?? config.invariants ?? null,
    environment: values.environment ?? config.environment ?? null,
    fairness: values.fairness ?? config.fairness ?? null,
    maxDepth: values['max-depth'] ?? config.maxDepth ?? null,
    // a parallel search numbers its states by worker: it goes on with as many
    workers: Number(values.workers ?? config.workers ?? 1),
  });
  return { run, command: ['lucheck check', ...reproducibleArgs(args, impliedModel)].join(' ') };
}

/** `lucheck check [MODEL] ...`: runs one check and writes its reports; returns the exit code. */
export async function runCheck(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs('check', args, OPTIONS, 1);
  const config = typeof values.config === 'string' ? readConfig(values.config) : {};
  // a config's model file is found from the config's folder, as its other paths would be
  const configModel = config.model !== undefined && looksLikePath(config.model) ? resolve(dirname(resolve(io.cwd, values.config as string)), config.model) : config.model;
  const modelArg = positionals[0] ?? configModel ?? DEFAULT_MODEL;
  const strategy = (values.strategy as string | undefined) ?? config.strategy ?? 'bfs';
  if (!STRATEGIES.includes(strategy as Strategy)) {
    const where = values.strategy === undefined ? `key 'strategy' in config file ${values.config}` : '--strategy';
    throw new UsageError(`unknown ${where} value '${strategy}'; allowed: ${STRATEGIES.join(', ')}`);
  }
  const outputs = parseOutputs(values, io.cwd);
  const timeLimit = numberFlag('--time-limit', values['time-limit'] as string | undefined) ?? config.timeLimit;
  const options = {
    strategy: strategy as Strategy,
    maxStates: numberFlag('--max-states', values['max-states'] as string | undefined) ?? config.maxStates,
    expectedStates: numberFlag('--expect-states', values['expect-states'] as string | undefined) ?? config.expectStates,
    maxDepth: numberFlag('--max-depth', values['max-depth'] as string | undefined) ?? config.maxDepth,
    timeLimitMs: timeLimit === undefined ? undefined : timeLimit * 1000,
    checkDeterminism: (values['check-determinism'] as boolean | undefined) ?? config.checkDeterminism,
  };
  const sets = parseSets((values.set as string[] | undefined) ?? []);
  const memoryText = (values.memory as string | undefined) ?? (config.memory === undefined ? undefined : String(config.memory));
  const memory = memoryFlag(memoryText);
  if (values['spill-dir'] !== undefined && memory === undefined) throw new UsageError('--spill-dir needs --memory SIZE: the frontier goes to disk only beyond a quarter of that budget');
  // --workers N (N > 1): the parallel breadth-first search; 1, the default, is the search below.
  const workers = numberFlag('--workers', values.workers as string | undefined) ?? config.workers ?? 1;
  const mostWorkers = WORKERS_PER_CORE * availableParallelism();
  if (workers > mostWorkers) throw new UsageError(`--workers ${workers} is more than ${WORKERS_PER_CORE} per core (${availableParallelism()} here); allowed: 1 to ${mostWorkers}`);
  const checkpointDir = values.checkpoint as string | undefined;
  const resumeDir = values.resume as string | undefined;
  const checkpointEvery = numberFlag('--checkpoint-every', values['checkpoint-every'] as string | undefined);
  if (checkpointEvery !== undefined && checkpointDir === undefined) throw new UsageError('--checkpoint-every needs --checkpoint DIR');
  refuseParallelOptions(workers, { strategy: values.strategy === undefined && config.strategy === undefined ? undefined : strategy, engine: (values.engine as string | undefined) ?? config.engine, spillDir: values['spill-dir'] as string | undefined });
  const loaded = await loadModel(modelArg, io.cwd);
  // a budget the process has spent before the search starts could only end it at once
  const usedNow = io.memoryUsed?.();
  if (memory !== undefined && usedNow !== undefined && memory <= usedNow) {
    throw new UsageError(`--memory ${memoryText} is less than lucheck already uses with the model loaded (${formatMiB(usedNow)}); allowed: a size above that`);
  }
  // Every output is checked before the search, so a long run never ends in an output it cannot write.
  const inputs = [loaded.ref, ...(typeof values.config === 'string' ? [values.config] : [])];
  const summary = checkOutputs(outputs, io, inputs);
  // Checkpoints: what they are taken of, the one to go on from (the same run, or refused), their folder.
  const identity = checkpointDir !== undefined || resumeDir !== undefined ? checkpointIdentity(loaded, runIdentity(loaded, values, config, args, positionals[0] === undefined ? modelArg : undefined)) : undefined;
  const resumed = resumeDir !== undefined ? resumeFrom(resumeDir, io.cwd, identity!) : undefined;
  if (checkpointDir !== undefined) checkCheckpointDir(checkpointDir, io.cwd);
  const fairnessText = (values.fairness as string | undefined) ?? config.fairness;
  const progress = progressObserver(io, { maxStates: options.maxStates, timeLimitMs: options.timeLimitMs });
  const runOptions = {
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    params: { ...config.params, ...sets },
    invariants: (values.invariant as string[] | undefined)?.flatMap((v) => v.split(',')) ?? config.invariants,
    engine: ((values.engine as string | undefined) ?? config.engine) as Engine | undefined,
    symmetry: (values.symmetry as boolean | undefined) ?? config.symmetry,
    dropAuxiliary: (values['drop-auxiliary'] as boolean | undefined) ?? config.dropAuxiliary,
    environment: values.environment !== undefined ? parseEnvironment(values.environment as string, '--environment') : parseEnvironment(config.environment, `key 'environment' in config file ${values.config}`),
    ...(fairnessText !== undefined ? { fairness: parseFairness(fairnessText) } : {}),
    memoryBudgetBytes: memory,
    memoryUsed: io.memoryUsed,
    observer: progress,
    now: io.now,
  };
  // SIGINT or SIGTERM stops the search: verdict incomplete, its reports written as for any other
  let signal: string | undefined;
  const stopListening = io.onInterrupt?.((s) => {
    signal = s;
    io.stderr.write(`\nlucheck: ${s}: stopping the search; the reports follow (a second ${s} ends lucheck at once)\n`);
  });
  let result;
  // Checkpoints: the snapshot of either search goes to the same file, with its kind.
  const checkpointing = <T>(kind: SavedSearch['kind']) =>
    checkpointDir === undefined
      ? {}
      : {
          checkpoint: {
            everyMs: (checkpointEvery ?? CHECKPOINT_EVERY_S) * 1000,
            save: (snapshot: T) => {
              saveCheckpoint(checkpointDir, io.cwd, identity!, { kind, snapshot } as SavedSearch);
              if (signal !== undefined) io.stderr.write(`lucheck: checkpoint written to ${checkpointDir}; go on with: ${identity!.command} --resume ${checkpointDir}\n`);
            },
          },
        };
  try {
    result =
      workers > 1
        ? await runParallelCheck(loaded.model, {
            ...runOptions,
            workers,
            modelRef: loaded.ref,
            cwd: io.cwd,
            interrupted: () => signal,
            ...(resumed?.kind === 'parallel' ? { resume: resumed.snapshot } : {}),
            ...checkpointing<ParallelSnapshot>('parallel'),
          })
        : await check(loaded.model, {
            ...runOptions,
            // Under --memory, a BFS level's frontier data beyond a quarter of the budget goes to disk.
            ...(memory !== undefined ? { frontierMemoryBytes: memory / 4, spill: fileSpill(values['spill-dir'] as string | undefined) } : {}),
            modelRef: loaded.ref,
            interrupted: () => signal,
            ...(resumed?.kind === 'bfs' ? { resume: resumed.snapshot } : {}),
            ...checkpointing<SearchSnapshot>('bfs'),
          });
  } catch (e) {
    stopListening?.();
    throw e;
  }
  // the listener stays while the reports are written: a second signal still ends lucheck at once
  try {
    progress.finish();

    const command = ['lucheck check', ...reproducibleArgs(args, positionals[0] === undefined ? modelArg : undefined)].join(' ');
    const input: ReportInput = { result, command, modelName: modelArg, cwd: io.cwd, locate: lazyLocations(loaded.ref, [...result.invariants, ...(result.properties ?? [])], io.cwd), model: loaded.model };
    await writeReports(outputs, input, io, inputs, summary);
    return EXIT_FOR_VERDICT[result.verdict];
  } finally {
    stopListening?.();
  }
}
