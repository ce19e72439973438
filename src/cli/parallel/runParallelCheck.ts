// `lucheck check --workers N`: a level-synchronous breadth-first search over N worker threads
// sharing one visited set, a `SharedFingerprintSet` in a SharedArrayBuffer (src/search/sharedBfs.ts
// holds one worker's logic). No state crosses threads during a level: each worker keeps the
// states it added to the set first as its share of the next level. The workers go from one
// level to the next among themselves, through a barrier in shared memory
// (src/search/LevelBarrier.ts), and answer here only when a level's end needs this thread: the
// set must grow, the shares need evening out, a part paused, found something or was
// interrupted, the states passed --max-states, the level is the last, or SLICE_MS have passed.
// This file is the orchestration: it starts the workers, grows the shared set between levels
// (and mid-level, when a worker runs out of its budget of new states and pauses), evens out the
// workers' shares of the next level when one has much more than another (moving the surplus,
// written with the wire codec), applies the bounds, and rebuilds a counterexample from the
// workers' trace links, replaying it here against the shared set with the same system as the
// single-threaded check does.
//
// Bounds are applied at level ends: --max-depth exactly (no state at that depth is expanded);
// --max-states once the stored total passes it, so the search may store up to one level more
// than the bound before it stops (the verdict is then incomplete, never pass); --time-limit by
// the workers every 1024 expansions at most and at each answer; --memory (the process's
// resident memory, all threads) at each answer, so at most SLICE_MS and one level after it is
// passed, with no frontier spill (--spill-dir is refused); a shared set that cannot be
// allocated ends the run as incomplete (memory). Checkpoints and progress reports are made at
// answers, a checkpoint's interval shortening the slice. Coverage is not collected. Global state
// numbers are local * N + worker in Int32 links, so a run holds at most 2^31 states.
import { Worker } from 'node:worker_threads';
import type { Model } from '../../model/defineModel.ts';
import { resolveModelParams } from '../../model/defineModel.ts';
import { ModelError, UsageError, describeThrown } from '../../model/errors.ts';
import { createSystem } from '../../compiled/createSystem.ts';
import { fairnessText, resolveFairness, selectProperties } from '../../model/selectProperties.ts';
import { auditsAuxiliary, check, type SystemOptions, incompleteOf, invariantInfoOf, noStats, propertyInfoOf, selectInvariants, violationFrom } from '../../check.ts';
import { refuseLivenessWith } from '../../liveness/refuseLivenessWith.ts';
import type { Fairness } from '../../model/Property.ts';
import { resolveSearchConfig } from '../../search/SearchConfig.ts';
import type { IncompleteReason, SearchObserver } from '../../search/SearchOutcome.ts';
import { partBudget, planTransfers, plannedCapacity, splitGlobalId, type LevelFinding, type LevelStep } from '../../search/sharedBfs.ts';
import { SharedFingerprintSet } from '../../store/SharedFingerprintSet.ts';
import { unallocated } from '../../search/reserveStates.ts';
import type { ValueQueueData } from '../../store/ValueQueue.ts';
import type { StoredPaths } from '../../store/StateStore.ts';
import { collisionProbability } from '../../store/fingerprint.ts';
import { replayPath } from '../../trace/replayPath.ts';
import { buildTrace } from '../../trace/buildTrace.ts';
import type { CheckResult, Violation } from '../../CheckResult.ts';
import type { XstateSystem } from '../../adapter/xstateSystem.ts';
import { transferablesOf, type FromWorker, type ToWorker, type WorkerSetup } from './messages.ts';
import { LevelBarrier } from '../../search/LevelBarrier.ts';
import type { ParallelSnapshot } from './ParallelSnapshot.ts';
import { prepareModel } from '../../model/withEnvironment.ts';

const WORKER_ENTRY = new URL('../../../bin/lucheckWorker.js', import.meta.url);
/** Slots of the shared visited set to begin with (512 KiB); it grows between levels. */
const INITIAL_SLOTS = 1 << 16;
/**
 * The workers run levels one after another among themselves (a barrier in shared memory) for at
 * most this long (ms) before they answer here, where the bounds on memory, checkpoints, signals
 * under checkpoints and progress are seen to.
 */
const SLICE_MS = 100;

export interface ParallelCheckOptions extends SystemOptions {
  readonly workers: number;
  /** How the workers load the model: `loadModel`'s argument (a built-in name or an absolute path). */
  readonly modelRef: string;
  readonly cwd: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly maxStates?: number;
  readonly expectedStates?: number;
  readonly maxDepth?: number;
  readonly timeLimitMs?: number;
  readonly memoryBudgetBytes?: number;
  readonly memoryUsed?: () => number;
  readonly now?: () => number;
  readonly observer?: SearchObserver;
  /**
   * A signal's name once the run is to stop (SIGINT, SIGTERM): the workers stop within their next
   * poll, the verdict is incomplete. With `checkpoint`, the level under way is finished first and
   * saved.
   */
  readonly interrupted?: () => string | undefined;
  /** Checkpoints at level barriers: the first barrier `everyMs` after the last one, and the one a signal waits for. */
  readonly checkpoint?: { readonly everyMs: number; save(snapshot: ParallelSnapshot): void | Promise<void> };
  /** A barrier to go on from (taken with the same number of workers; the caller checks the rest). */
  readonly resume?: ParallelSnapshot;
  /** The fairness the properties are checked under, instead of the model's. */
  readonly fairness?: readonly Fairness[];
}

/**
 * Refuses what the parallel search cannot do, as usage errors saying why: it is a breadth-first
 * search, its states cross threads through the compiled engine's codec, and it has no spill.
 */
export function refuseParallelOptions(workers: number, o: { strategy?: string; engine?: string; spillDir?: string }): void {
  if (workers <= 1) return;
  if (o.strategy !== undefined && o.strategy !== 'bfs') throw new UsageError(`--workers ${workers} runs a level-synchronous breadth-first search; it cannot be combined with --strategy ${o.strategy}`);
  if (o.engine === 'reference') throw new UsageError(`--workers ${workers} needs the compiled engine (its states cross threads through the compiled codec); drop --engine reference or use --workers 1`);
  if (o.spillDir !== undefined) throw new UsageError(`--workers ${workers} keeps each level in memory; --spill-dir works only without --workers`);
}

/** One worker and its answers, one request at a time. */
class WorkerLink {
  private readonly pending: { resolve: (m: FromWorker) => void; reject: (e: unknown) => void }[] = [];
  /** Messages that arrived before anyone asked for them. */
  private readonly inbox: FromWorker[] = [];
  private failed: unknown;
  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => {
      const p = this.pending.shift();
      if (p) p.resolve(m);
      else this.inbox.push(m);
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`a worker thread exited (code ${code}) while the search was running`)));
  }
  private fail(e: unknown): void {
    this.failed ??= e;
    for (const p of this.pending.splice(0)) p.reject(e);
  }
  /** The next message from the worker (`message`, when given, is sent first). */
  async next(message?: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (message) this.worker.postMessage(message, transfer);
    const m = this.inbox.shift() ?? (await this.receive());
    if (m.type === 'failed') {
      const f = m.failure;
      if (f.kind === 'usage') throw new UsageError(f.message);
      if (f.kind === 'model') throw new ModelError(f.code ?? 'model-exception', f.message);
      throw new Error(`in a worker thread: ${f.message}`);
    }
    return m;
  }
  private receive(): Promise<FromWorker> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise<FromWorker>((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  async ready(): Promise<void> {
    const m = await this.next();
    if (m.type !== 'ready') throw new Error(`a worker sent ${m.type} before it was ready`);
  }
  async request<T extends FromWorker['type']>(type: T, message: ToWorker, transfer?: ArrayBuffer[]): Promise<Extract<FromWorker, { type: T }>> {
    const m = await this.next(message, transfer);
    if (m.type !== type) throw new Error(`a worker answered ${m.type} to ${message.type}`);
    return m as Extract<FromWorker, { type: T }>;
  }
}

/** Checks a model with `workers` threads; the same result as `check()` but for coverage (not collected) and `workers`. */
export async function runParallelCheck(given: Model, options: ParallelCheckOptions): Promise<CheckResult> {
  const properties = selectProperties(given, options.invariants);
  if (properties.length === 0) return parallelSearch(given, options);
  // Temporal properties need the state graph, which the workers do not record: the invariants
  // are checked in parallel, then, if they hold, the properties on one thread.
  const params = resolveModelParams(given, options.params ?? {});
  const fairness = resolveFairness(given, params, options.fairness);
  refuseLivenessWith(given, properties, fairness, options);
  if (options.checkpoint || options.resume) {
    throw new UsageError(
      `--workers ${options.workers} with checkpoints: the properties ${properties.map((p) => p.id).join(', ')} of model ${given.name} are checked on one thread after the parallel search, which the workers' checkpoints do not cover; drop --workers (one thread checkpoints the properties' graph too), or select invariants only with --invariant`,
    );
  }
  const invariants = selectInvariants(given, options.invariants).map((i) => i.id);
  const safety = await parallelSearch(given, { ...options, invariants });
  const base = { properties: properties.map((p) => p.id), propertyInfo: propertyInfoOf(properties), fairness: fairnessText(fairness) };
  if (safety.verdict !== 'pass') return { ...safety, ...base };
  const { checkpoint: _checkpoint, resume: _resume, workers: _workers, cwd: _cwd, ...single } = options;
  const live = await check(given, { ...single, invariants: properties.map((p) => p.id), coverage: false });
  const stats = { ...safety.stats, elapsedMs: safety.stats.elapsedMs + live.stats.elapsedMs, storeBytes: Math.max(safety.stats.storeBytes, live.stats.storeBytes) };
  if (live.verdict === 'pass' || live.verdict === 'liveness') return { ...safety, ...base, verdict: live.verdict, violations: live.violations, stats };
  // stopped short (a bound, a signal) or a model error: that is the verdict
  return { ...safety, ...base, verdict: live.verdict, violations: [], stats, ...(live.incomplete ? { incomplete: live.incomplete } : {}), ...(live.error ? { error: live.error } : {}) };
}

/** The shared set a fresh run starts with; one sized by `--expect-states` this process cannot allocate is a usage error. */
function allocateExpected(slots: number, expectedStates: number): SharedFingerprintSet {
  try {
    return SharedFingerprintSet.allocate(slots);
  } catch (error) {
    throw expectedStates === 0 ? error : unallocated(error, expectedStates, 'a shared visited set');
  }
}

/** The parallel breadth-first search of the invariants (and deadlock). */
async function parallelSearch(given: Model, options: ParallelCheckOptions): Promise<CheckResult> {
  const n = options.workers;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`bad value '${n}' for --workers; allowed: a positive integer`);
  refuseParallelOptions(n, { engine: options.engine });
  const params = resolveModelParams(given, options.params ?? {});
  // The model in its environment (the built-in invariant joins its own where it applies), as each worker prepares it.
  const { prepared, error: preparing } = prepareModel(given, params, options.environment);
  const model = (prepared?.model ?? given) as Model;
  const config = resolveSearchConfig({
    maxStates: options.maxStates,
    expectedStates: options.expectedStates,
    maxDepth: options.maxDepth,
    timeLimitMs: options.timeLimitMs,
    memoryBudgetBytes: options.memoryBudgetBytes,
    now: options.now,
  });
  const selected = selectInvariants(model, options.invariants);
  const symmetry = options.symmetry ?? false;
  const auxiliary = options.dropAuxiliary ?? false;
  const base = {
    model: options.modelRef,
    params,
    strategy: 'bfs' as const,
    symmetry,
    ...(auxiliary ? { dropAuxiliary: true } : {}),
    ...(auditsAuxiliary(model, options) ? { auxiliaryAudit: { guardsAndActions: true } } : {}),
    invariants: selected.map((i) => i.id),
    invariantInfo: invariantInfoOf(selected),
    engine: 'compiled' as const,
    ...(prepared && Object.keys(prepared.report).length > 0 ? { environment: prepared.report } : {}),
    workers: n,
  };
  // The clock starts once the workers are ready (as the single-threaded search's starts once its system is built).
  let start = config.now();
  const errorResult = (error: ModelError): CheckResult => ({
    ...base,
    verdict: 'error',
    stats: noStats(config.now() - start),
    violations: [],
    error: { code: error.code, message: error.message },
  });

  let system: XstateSystem;
  let notRun: readonly string[] = [];
  try {
    if (preparing) throw preparing;
    const choice = createSystem(model, params, options.engine, { symmetry, auxiliary, environment: prepared!.environment });
    notRun = choice.notRun;
    if (choice.engine !== 'compiled') throw new UsageError(`--workers ${n} needs the compiled engine, and model ${model.name} does not compile (${(choice.note ?? 'reference engine').replace(/; ran on the reference adapter$/, '')}); run without --workers`);
    system = choice.system;
  } catch (error) {
    if (error instanceof ModelError) return errorResult(error);
    throw error;
  }

  const done = notRun.length > 0 ? { ...base, notRun } : base;
  const stop = new SharedArrayBuffer(4);
  const barrier = LevelBarrier.allocate(n);
  const links: WorkerLink[] = [];
  try {
    for (let index = 0; index < n; index++) {
      const setup: WorkerSetup = {
        modelRef: options.modelRef,
        cwd: options.cwd,
        params,
        engine: options.engine,
        symmetry,
        auxiliary,
        invariants: options.invariants,
        environment: options.environment,
        checkDeterminism: options.checkDeterminism ?? false,
        maxDepth: config.maxDepth,
        workers: n,
        index,
        stop,
        barrier,
      };
      links.push(new WorkerLink(new Worker(WORKER_ENTRY, { workerData: setup })));
    }
    await Promise.all(links.map((l) => l.ready()));
    start = config.now();
    if (options.resume && options.resume.workers !== n) throw new UsageError(`the checkpoint was taken with --workers ${options.resume.workers}; resume it with --workers ${options.resume.workers}`);
    // an interrupt reaches the workers through the stop flag they poll (with checkpoints, the level is finished first)
    const watch = options.interrupted && !options.checkpoint && setInterval(() => options.interrupted!() !== undefined && Atomics.store(new Int32Array(stop), 0, 1), 50);
    try {
      return await search();
    } finally {
      if (watch) clearInterval(watch);
    }
  } catch (error) {
    if (error instanceof ModelError) return errorResult(error);
    throw error;
  } finally {
    await Promise.all(links.map((l) => l.worker.terminate()));
  }

  async function search(): Promise<CheckResult> {
    const resume = options.resume;
    if (resume) start -= resume.counters.elapsedMs;
    const deadline = config.timeLimitMs === Infinity ? Infinity : Date.now() + config.timeLimitMs - (resume?.counters.elapsedMs ?? 0);
    // --expect-states: slots for that many at the shared set's load of at most 1/2 (plannedCapacity)
    const expectedSlots = 2 * Math.min(config.expectedStates, config.maxStates) + 1;
    let set = resume ? SharedFingerprintSet.allocate(resume.set.length / 2) : allocateExpected(Math.max(INITIAL_SLOTS, expectedSlots), config.expectedStates);
    if (resume) new Int32Array(set.buffer).set(resume.set);
    /** The set's buffer each worker has (a message carries the current one to those that have not). */
    const known: (SharedArrayBuffer | undefined)[] = links.map(() => undefined);
    const setFor = (w: number): { set?: SharedArrayBuffer } => {
      if (known[w] === set.buffer) return {};
      known[w] = set.buffer;
      return { set: set.buffer };
    };
    let incoming: ValueQueueData[][] = resume ? resume.incoming.map((b) => [...b]) : links.map(() => []);
    let parts: LevelStep[] = [];
    let sizes: number[] = resume ? [...resume.sizes] : links.map((_, w) => (w === 0 ? 1 : 0)); // level 0: the initial state, part 0's
    let generated = resume?.counters.generated ?? 0;
    let distinct = resume?.counters.distinct ?? 0;
    let storeBytes = resume?.counters.storeBytes ?? 0;
    let maxDepth = resume?.counters.maxDepth ?? 0;
    let maxFanout = resume?.counters.maxFanout ?? 0;
    let newPerExpanded = resume?.counters.newPerExpanded ?? 0;
    if (resume) {
      await Promise.all(links.map((l, w) => l.request('load', { type: 'load', part: resume.parts[w]! })));
      // what the parts' last steps said, as the budgets and totals below read it
      parts = resume.parts.map((p, w) => ({ depth: resume.depth - 1, paused: false, nextSize: sizes[w]!, truncated: p.truncated, generated: p.generated, distinct: p.links.parents.length, linkBytes: 0, maxFanout: p.maxFanout }));
    }
    let lastCheckpoint = config.now();
    /** The search at this barrier, as data: the shared set, the parts (asked for theirs), what moves between them. */
    const snapshot = async (depth: number): Promise<ParallelSnapshot> => ({
      workers: n,
      depth,
      set: new Int32Array(set.buffer).slice(),
      incoming: structuredClone(incoming),
      sizes: [...sizes],
      counters: { generated, distinct, storeBytes, maxDepth, maxFanout, newPerExpanded, elapsedMs: config.now() - start },
      parts: await Promise.all(links.map((l) => l.request('save', { type: 'save' }).then((r) => r.part))),
    });
    const stats = () => {
      const elapsedMs = config.now() - start;
      return { distinct, generated, maxDepth, elapsedMs, storeBytes, collisionProbability: collisionProbability(distinct, generated) };
    };
    const incomplete = (reason: IncompleteReason): CheckResult => ({ ...done, verdict: 'incomplete', stats: stats(), violations: [], incomplete: incompleteOf(reason, config, options.interrupted?.()) });
    const total = (k: 'distinct' | 'generated' | 'linkBytes') => parts.reduce((sum, p) => sum + p[k], 0);
    /**
     * Replaces the set by one of `slots` slots holding the same fingerprints (false: no memory
     * for it). The workers copy it, each a range of its slots, at once: the copy of a large set
     * is the longest wait between two levels.
     */
    const grow = async (slots: number): Promise<boolean> => {
      let bigger: SharedFingerprintSet;
      try {
        bigger = SharedFingerprintSet.allocate(slots);
      } catch {
        return false;
      }
      const from = set.buffer;
      const range = Math.ceil(set.capacity / links.length);
      await Promise.all(links.map((l, w) => l.request('copy', { type: 'copy', from, to: bigger.buffer, start: w * range, end: Math.min(set.capacity, (w + 1) * range) })));
      set = bigger;
      return true;
    };
    // a checkpoint's set is read at its own size, then sized for --expect-states in one growth
    if (resume && expectedSlots > set.capacity && !(await grow(expectedSlots))) return incomplete('memory');
    /** Each of `running` workers' budget (`partBudget`). */
    const budget = (running: number) => partBudget(set.capacity, total('distinct'), running);
    const levelOf = (w: number) => sizes[w]! + incoming[w]!.reduce((k, d) => k + d.records, 0);
    for (let depth = resume?.depth ?? 0; ; depth++) {
      const before = distinct;
      const levelSize = links.reduce((k, _, w) => k + levelOf(w), 0);
      const share = budget(Math.max(1, links.filter((_, w) => levelOf(w) > 0).length));
      // the levels the workers may run among themselves before they answer
      const sliceMs = options.checkpoint ? Math.min(SLICE_MS, Math.max(0, options.checkpoint.everyMs - (config.now() - lastCheckpoint))) : SLICE_MS;
      const together = { until: Date.now() + sliceMs, maxStates: config.maxStates, distinct, maxFanout, newPerExpanded };
      const step = (w: number): Promise<LevelStep> => {
        const m = { type: 'step' as const, depth, incoming: incoming[w]!, budget: share, deadline, ...setFor(w), together };
        return links[w]!.request('step', m, transferablesOf(incoming[w]!)).then((r) => r.step);
      };
      parts = await Promise.all(links.map((_, w) => step(w)));
      const levels = Math.max(...parts.map((p) => p.levels ?? 1));
      depth = Math.max(...parts.map((p) => p.depth));
      // Parts that ran out of budget: a bigger set, then they go on (the others have finished).
      for (;;) {
        const paused = parts.flatMap((p, w) => (p.paused ? [w] : []));
        if (paused.length === 0 || parts.some((p) => p.finding || p.interrupted)) break;
        if (!(await grow(2 * set.capacity))) {
          generated = total('generated');
          distinct = total('distinct');
          return incomplete('memory');
        }
        const share = budget(paused.length);
        const resumed = await Promise.all(paused.map((w) => links[w]!.request('step', { type: 'resume', budget: share, deadline, ...setFor(w) }).then((r) => r.step)));
        paused.forEach((w, k) => (parts[w] = resumed[k]!));
      }
      generated = total('generated');
      distinct = total('distinct');
      storeBytes = set.bytes + total('linkBytes');
      maxDepth = depth;
      let finding: LevelFinding | undefined;
      for (const p of parts) if (p.finding && (!finding || p.finding.depth < finding.depth)) finding = p.finding;
      if (finding) {
        maxDepth = Math.max(maxDepth, finding.depth);
        return { ...done, verdict: finding.kind, stats: stats(), violations: [await violationOf(finding, set)] };
      }
      if (!options.checkpoint && options.interrupted?.() !== undefined) return incomplete('interrupted');
      if (parts.some((p) => p.interrupted === 'time-limit')) return incomplete('time-limit');
      if (distinct > config.maxStates) return incomplete('max-states');
      sizes = parts.map((p) => p.nextSize);
      const nextSize = sizes.reduce((a, b) => a + b, 0);
      if (nextSize === 0) return parts.some((p) => p.truncated) ? incomplete('max-depth') : { ...done, verdict: 'pass', stats: stats(), violations: [] };
      if (config.now() - start >= config.timeLimitMs) return incomplete('time-limit');
      if ((options.memoryUsed?.() ?? storeBytes) > config.memoryBudgetBytes) return incomplete('memory');
      // The set, big enough for the next level (as far as one can tell).
      maxFanout = Math.max(maxFanout, ...parts.map((p) => p.maxFanout));
      // the workers' figure over the levels they ran; this thread's own when there was one
      newPerExpanded = Math.max(newPerExpanded, ...parts.map((p) => p.newPerExpanded ?? 0));
      if (levels === 1 && levelSize > 0) newPerExpanded = Math.max(newPerExpanded, (distinct - before) / levelSize);
      const slots = plannedCapacity(set.capacity, distinct, nextSize, maxFanout, newPerExpanded);
      if (slots > set.capacity && !(await grow(slots))) return incomplete('memory');
      // The next level's shares, evened out when one part has much more than another.
      incoming = links.map(() => []);
      const moves = planTransfers(sizes);
      if (moves.length > 0) {
        const donors = [...new Set(moves.map(([from]) => from))];
        await Promise.all(
          donors.map(async (from) => {
            const mine = moves.filter((m) => m[0] === from);
            const r = await links[from]!.request('give', { type: 'give', counts: mine.map((m) => m[2]) });
            mine.forEach(([, to, count], k) => {
              incoming[to]!.push(r.batches[k]!);
              sizes[from]! -= count;
            });
          }),
        );
      }
      if (options.observer?.onProgress) options.observer.onProgress({ ...stats(), queue: nextSize });
      // a barrier: no worker adds to the set; a checkpoint when one is due or a signal waits for it
      const stopping = options.interrupted?.() !== undefined;
      if (options.checkpoint && (stopping || config.now() - lastCheckpoint >= options.checkpoint.everyMs)) {
        await options.checkpoint.save(await snapshot(depth + 1));
        lastCheckpoint = config.now();
      }
      if (stopping) return incomplete('interrupted');
    }
  }

  /** The counterexample to a finding: the path from the workers' links, replayed here and checked against the shared set. */
  async function violationOf(finding: LevelFinding, set: SharedFingerprintSet): Promise<Violation> {
    const parent = new Map<number, number>();
    const event = new Map<number, number>();
    for (let cur = finding.stateId; cur >= 0; ) {
      const [owner, local] = splitGlobalId(cur, n);
      const r = await links[owner]!.request('links', { type: 'links', locals: [local] });
      parent.set(cur, r.parents[0]!);
      event.set(cur, r.events[0]!);
      cur = r.parents[0]!;
    }
    // The workers are idle: the shared set answers for them.
    const view: StoredPaths = {
      has: (hi, lo) => set.has(hi, lo),
      parentOf: (id) => parent.get(id)!,
      eventOf: (id) => event.get(id)!,
    };
    const steps = replayPath(system, view, finding.stateId);
    let trace;
    try {
      trace = buildTrace(system, steps);
    } catch (error) {
      if (error instanceof ModelError) throw error;
      throw new ModelError('model-exception', `building the counterexample failed: ${describeThrown(error)}`, { cause: error });
    }
    return violationFrom(model, finding, trace);
  }
}
