// `lucheck distributed`: one process of a hash-partitioned, level-synchronous breadth-first
// search that several processes (on one or several machines) run together through a Redis
// server. Every process runs the same command. The first to arrive creates the run (its
// identity, the initial state in its owner's inbox); each process claims a free partition
// (and, once the first lease period is over, any partition nobody holds while it has fewer than
// its fair share: partitions over the processes alive, each noted by a heartbeat; one with
// more gives its extra partitions back at a barrier), works level by level
// on the partitions it holds, and waits at each level's barrier (every partition's `done`
// marker) for the others; at the end the first process to get there stores the result, and
// every process reports that same result.
//
// A partition's level is committed all at once (MULTI/EXEC): its successor batches to the next
// level's inboxes, its stored states with their parent links, its figures in the `done` marker,
// and the deletion of its inbox. The transaction WATCHes the partition's `done` marker and its
// list of stored levels, and is sent only when the marker is absent and the list holds exactly
// the levels before this one: a level is committed once, by one process, whatever the leases
// say. Nothing of a level that was not committed is visible, so a process that takes a
// partition over (its lease expired: the process holding it died or stalled) loads the
// partition's committed levels and runs the level again from its inbox, to the same output.
// The totals are sums over the markers: exactly the single search's.
//
// Bounds, at the level barriers as in the parallel search: --max-depth exactly, --max-states
// once the total stored passes it (up to one level more is stored; the verdict is incomplete),
// --time-limit against the run's start in Redis time (so machines' clocks do not matter).
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Model } from '../../model/defineModel.ts';
import type { ParamValues } from '../../model/params.ts';
import { ModelError, UsageError } from '../../model/errors.ts';
import type { SystemOptions } from '../../check.ts';
import type { XstateSystem } from '../../adapter/xstateSystem.ts';
import { prepareModel } from '../../model/withEnvironment.ts';
import { auditsAuxiliary, checkedSystem, incompleteOf, invariantInfoOf, noStats, selectInvariants } from '../../check.ts';
import { resolveSearchConfig } from '../../search/SearchConfig.ts';
import type { IncompleteReason, SearchProblem } from '../../search/SearchOutcome.ts';
import { BfsPartition, initialBatch } from '../../search/partitionedBfs.ts';
import type { LevelFinding } from '../../search/sharedBfs.ts';
import { collisionProbability } from '../../store/fingerprint.ts';
import type { AnySnapshot } from '../../model/defineModel.ts';
import type { CheckResult } from '../../CheckResult.ts';
import { decodeBatch, decodeStoredLevel, encodeBatch, encodeStoredLevel } from './batchBytes.ts';
import { connectRedis, SentBytes } from './connectRedis.ts';
import { runDifference } from '../checkpointIdentity.ts';
import { PartitionLeases } from './PartitionLeases.ts';
import { distributedViolation } from './distributedViolation.ts';
import { runKeys } from './runKeys.ts';

export interface DistributedOptions extends SystemOptions {
  readonly url: string;
  readonly run: string;
  readonly partitions: number;
  readonly leaseMs: number;
  /** What makes two commands the same run (model, its file's hash, parameters, options), as JSON text. */
  readonly identity: string;
  /** The command, for the line that refuses a process whose command differs. */
  readonly command: string;
  readonly modelRef: string;
  readonly params: ParamValues;
  readonly maxStates?: number;
  /** `--expect-states`: each partition's visited set is sized for its share at the start. */
  readonly expectedStates?: number;
  readonly maxDepth?: number;
  readonly timeLimitMs?: number;
  /** One line about this process's part in the run (a partition claimed or taken over). */
  readonly note?: (line: string) => void;
  /** Milliseconds between two looks at a level's barrier. */
  readonly pollMs?: number;
}

/** What a partition's committed level says (its `done` marker). */
interface Marker {
  readonly stored: number;
  readonly generated: number;
  readonly sent: number;
  readonly truncated: boolean;
  /** Bytes of the partition's visited set and links in the committing process. */
  readonly bytes: number;
  readonly worker: string;
  readonly finding?: LevelFinding;
}

/** The run's record in Redis (`meta`). */
interface Meta {
  readonly identity: string;
  readonly command: string;
  /** Redis time (ms) at which the run was created. */
  readonly createdAt: number;
}

/** What this process measured of its own part (not part of the result, which is the run's). */
export interface WorkerFigures {
  /** Bytes of the commands' arguments sent to Redis. */
  sentBytes: number;
  /** Levels of partitions this process committed. */
  committed: number;
  /** Partitions taken over (claimed after the first lease period, or after another process's lease expired). */
  takenOver: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const yieldNow = () => new Promise((resolve) => setImmediate(resolve));

/** Runs this process's part of the distributed search; the run's result (the same in every process). */
export async function runDistributedSearch(given: Model, o: DistributedOptions, figures: WorkerFigures = { sentBytes: 0, committed: 0, takenOver: 0 }): Promise<CheckResult> {
  const P = o.partitions;
  const keys = runKeys(o.run);
  const config = resolveSearchConfig({ maxStates: o.maxStates, expectedStates: o.expectedStates, maxDepth: o.maxDepth, timeLimitMs: o.timeLimitMs });
  const { prepared, error: preparing } = prepareModel(given, o.params, o.environment);
  const model = (prepared?.model ?? given) as Model;
  const selected = selectInvariants(model, o.invariants);
  const symmetry = o.symmetry ?? false;
  const auxiliary = o.dropAuxiliary ?? false;
  const systemOptions = { engine: o.engine, symmetry, dropAuxiliary: auxiliary, invariants: o.invariants, environment: o.environment, checkDeterminism: config.checkDeterminism || (o.checkDeterminism ?? false) };
  const base = {
    model: o.modelRef,
    params: o.params,
    strategy: 'bfs' as const,
    symmetry,
    ...(auxiliary ? { dropAuxiliary: true } : {}),
    ...(auditsAuxiliary(model, systemOptions) ? { auxiliaryAudit: { guardsAndActions: true } } : {}),
    invariants: selected.map((i) => i.id),
    invariantInfo: invariantInfoOf(selected),
    engine: 'compiled' as const,
    ...(prepared && Object.keys(prepared.report).length > 0 ? { environment: prepared.report } : {}),
  };

  let system: XstateSystem | undefined;
  let problem: SearchProblem<AnySnapshot> | undefined;
  let notRun: readonly string[] = [];
  let buildError: ModelError | undefined;
  try {
    if (preparing) throw preparing;
    const built = checkedSystem(given, o.params, systemOptions, prepared!);
    if (built.choice.engine !== 'compiled') {
      throw new UsageError(`lucheck distributed needs the compiled engine (states cross processes through the compiled codec), and model ${model.name} does not compile (${(built.choice.note ?? 'reference engine').replace(/; ran on the reference adapter$/, '')}); use lucheck check`);
    }
    system = built.choice.system;
    problem = built.problem;
    notRun = built.choice.notRun;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    buildError = error;
  }

  const sent = new SentBytes();
  const main = await connectRedis(o.url);
  let leaseClient: Redis | undefined;
  let leases: PartitionLeases | undefined;
  try {
    leaseClient = await connectRedis(o.url);
    const token = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    leases = new PartitionLeases(leaseClient, keys, token, o.leaseMs, sent);
    return await search(main, leases, token);
  } finally {
    leases?.stop();
    figures.sentBytes = sent.total;
    main.disconnect();
    leaseClient?.disconnect();
  }

  async function redisNow(client: Redis): Promise<number> {
    const [s, us] = await client.time();
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  }

  /** The stored result, once there is one. */
  async function storedResult(client: Redis): Promise<CheckResult | undefined> {
    const text = await client.get(keys.result);
    return text === null ? undefined : (JSON.parse(text) as CheckResult);
  }

  /** Stores `result` unless another process stored one first; the stored one. */
  async function publish(client: Redis, result: CheckResult): Promise<CheckResult> {
    const text = JSON.stringify(result);
    sent.add('SET', keys.result, text, 'NX');
    await client.set(keys.result, text, 'NX');
    return (await storedResult(client))!;
  }

  /** Creates the run, or joins it when its identity is this command's; its record. */
  async function join(client: Redis): Promise<Meta> {
    for (;;) {
      await client.watch(keys.meta);
      const text = await client.get(keys.meta);
      if (text !== null) {
        await client.unwatch();
        const meta = JSON.parse(text) as Meta;
        if (meta.identity !== o.identity) {
          throw new UsageError(`run ${o.run} on this Redis server was started by another command (${runDifference(meta.identity, o.identity)}); join it with: ${meta.command}, or start another run with another --run NAME`);
        }
        return meta;
      }
      const meta: Meta = { identity: o.identity, command: o.command, createdAt: await redisNow(client) };
      const tx = client.multi().set(keys.meta, JSON.stringify(meta)).set(keys.joining, '1', 'PX', o.leaseMs);
      if (system) {
        const init = initialBatch(system, P);
        const bytes = encodeBatch(init.batch);
        sent.add('RPUSH', keys.inbox(0, init.partition), bytes);
        tx.rpush(keys.inbox(0, init.partition), bytes);
      }
      sent.add('SET', keys.meta, JSON.stringify(meta), 'SET', keys.joining, '1', 'PX', o.leaseMs);
      if ((await tx.exec()) !== null) return meta;
      // another process created the run meanwhile: read its record
    }
  }

  async function search(client: Redis, leases: PartitionLeases, token: string): Promise<CheckResult> {
    const meta = await join(client);
    const already = await storedResult(client);
    if (already) return already;
    const resultBase = { ...base, ...(notRun.length > 0 ? { notRun } : {}) };
    const elapsed = async () => (await redisNow(client)) - meta.createdAt;
    if (buildError) return publish(client, { ...resultBase, verdict: 'error', stats: noStats(await elapsed()), violations: [], error: { code: buildError.code, message: buildError.message } });
    const sys = system!;
    const owned = new Map<number, BfsPartition<AnySnapshot, unknown>>();
    /** Levels each held partition has committed (its next level). */
    const nextLevel = new Map<number, number>();
    const workers = new Set<string>();
    await leases.start();

    /** Claims partition p and loads its committed levels; false when another process holds it. */
    const claim = async (p: number, why: string): Promise<boolean> => {
      if (!(await leases.claim(p))) return false;
      const levels = (await client.lrangeBuffer(keys.stored(p), 0, -1)).map(decodeStoredLevel);
      const part = new BfsPartition<AnySnapshot, unknown>(sys, problem!, { partitions: P, index: p, maxDepth: config.maxDepth, checkDeterminism: systemOptions.checkDeterminism, expectedStates: Math.min(config.expectedStates, config.maxStates) });
      part.load(levels);
      owned.set(p, part);
      nextLevel.set(p, levels.length);
      o.note?.(`${why} partition ${p} of run ${o.run} at level ${levels.length}`);
      return true;
    };
    const drop = async (p: number): Promise<void> => {
      owned.delete(p);
      nextLevel.delete(p);
      await leases.release(p);
    };

    /** Runs level L of partition p and commits it; false when it was not this process's to commit. */
    const work = async (p: number, level: number): Promise<void> => {
      const part = owned.get(p)!;
      const next = nextLevel.get(p)!;
      if (next > level) return; // committed before this process joined the level (claimed after a restart)
      if (next < level) return drop(p); // another process committed a level of it
      const inbox = await client.lrangeBuffer(keys.inbox(level, p), 0, -1);
      const run = part.level(level);
      for (const bytes of inbox) {
        run.process(decodeBatch(bytes));
        if (run.stopped) break;
        // the lease renewals and the connection need the event loop now and then
        await yieldNow();
        if (leases.lost(p)) return drop(p);
      }
      const out = run.end();
      const marker: Marker = { stored: out.stored.hi.length, generated: out.generated, sent: out.sent, truncated: out.truncated, bytes: part.bytes, worker: token, ...(out.finding ? { finding: out.finding } : {}) };
      // encoded before the WATCH, yielding now and then: a large level takes seconds to encode,
      // and the leases must be renewed meanwhile
      const encoded: Buffer[][] = [];
      for (const batches of out.out) {
        const bytes: Buffer[] = [];
        for (const b of batches) {
          bytes.push(encodeBatch(b));
          if (bytes.length % 8 === 0) await yieldNow();
        }
        encoded.push(bytes);
      }
      if (leases.lost(p)) return drop(p);
      await client.watch(keys.done(level, p), keys.stored(p));
      const [done, committed] = await Promise.all([client.exists(keys.done(level, p)), client.llen(keys.stored(p))]);
      if (done !== 0 || committed !== level) {
        await client.unwatch();
        return drop(p);
      }
      const tx = client.multi();
      encoded.forEach((bytes, q) => {
        if (bytes.length === 0) return;
        sent.add('RPUSH', keys.inbox(level + 1, q), ...bytes);
        tx.rpush(keys.inbox(level + 1, q), ...bytes);
      });
      const stored = encodeStoredLevel(out.stored);
      const markerText = JSON.stringify(marker);
      sent.add('RPUSH', keys.stored(p), stored, 'DEL', keys.inbox(level, p), 'SET', keys.done(level, p), markerText);
      tx.rpush(keys.stored(p), stored).del(keys.inbox(level, p)).set(keys.done(level, p), markerText);
      if ((await tx.exec()) === null) return drop(p);
      nextLevel.set(p, level + 1);
      figures.committed++;
    };

    /** Waits for every partition's marker of level L, taking over partitions nobody holds; undefined once the run has a result. */
    const barrier = async (level: number): Promise<Marker[] | undefined> => {
      const doneKeys = Array.from({ length: P }, (_, p) => keys.done(level, p));
      for (;;) {
        sent.add('MGET', ...doneKeys);
        const texts = await client.mget(...doneKeys);
        if (texts.every((t) => t !== null)) return texts.map((t) => JSON.parse(t!) as Marker);
        if ((await client.exists(keys.result)) !== 0) return undefined;
        let worked = false;
        // one partition each while processes are arriving; then up to a fair share of those alive
        const most = (await client.exists(keys.joining)) !== 0 ? 1 : leases.share(P);
        for (let p = 0; p < P && owned.size < most; p++) {
          if (texts[p] !== null || owned.has(p)) continue;
          if (await claim(p, 'took over')) {
            figures.takenOver++;
            await work(p, level);
            worked = true;
          }
        }
        if (!worked) await sleep(o.pollMs ?? 20);
      }
    };

    // one partition to begin with: the first one free
    for (let p = 0; p < P && owned.size === 0; p++) await claim(p, 'claimed');
    // the run's level: the first one some partition has not committed
    const lengths = await Promise.all(Array.from({ length: P }, (_, p) => client.llen(keys.stored(p))));
    let level = Math.min(...lengths);
    let distinct = 0;
    let generated = 1; // the initial state
    let deepest = 0;
    let truncated = false;
    // the levels before this process came
    for (let l = 0; l < level; l++) {
      const markers = (await client.mget(...Array.from({ length: P }, (_, p) => keys.done(l, p)))).map((t) => JSON.parse(t!) as Marker);
      for (const m of markers) workers.add(m.worker);
      distinct += markers.reduce((k, m) => k + m.stored, 0);
      generated += markers.reduce((k, m) => k + m.generated, 0);
      if (markers.some((m) => m.stored > 0)) deepest = l;
      truncated ||= markers.some((m) => m.truncated);
    }
    try {
      for (; ; level++) {
        // more than a fair share (processes came after the first claims): the extra ones go back, for those with fewer to take
        const extra = [...owned.keys()].sort((a, b) => b - a).slice(0, Math.max(0, owned.size - leases.share(P)));
        for (const p of extra) await drop(p);
        for (const p of [...owned.keys()]) await work(p, level);
        const markers = await barrier(level);
        if (!markers) return (await storedResult(client))!;
        for (const m of markers) workers.add(m.worker);
        distinct += markers.reduce((k, m) => k + m.stored, 0);
        generated += markers.reduce((k, m) => k + m.generated, 0);
        if (markers.some((m) => m.stored > 0)) deepest = level;
        truncated ||= markers.some((m) => m.truncated);
        const storeBytes = markers.reduce((k, m) => k + m.bytes, 0);
        const stats = async () => ({ distinct, generated, maxDepth: deepest, elapsedMs: await elapsed(), storeBytes, collisionProbability: collisionProbability(distinct, generated) });
        const done = { ...resultBase, distributed: { run: o.run, partitions: P, workers: workers.size } };
        const incomplete = async (reason: IncompleteReason): Promise<CheckResult> => publish(client, { ...done, verdict: 'incomplete', stats: await stats(), violations: [], incomplete: incompleteOf(reason, config, undefined) });
        // a violation before a deadlock of the same depth (the single search meets it first), then by partition
        const findings = markers.flatMap((m) => (m.finding ? [m.finding] : []));
        const finding = findings.find((f) => f.kind === 'violation') ?? findings[0];
        if (finding) {
          const violation = await distributedViolation(client, keys, P, sys, model, finding);
          return publish(client, { ...done, verdict: finding.kind, stats: await stats(), violations: [violation] });
        }
        if (distinct > config.maxStates) return incomplete('max-states');
        if (markers.every((m) => m.sent === 0)) return truncated ? incomplete('max-depth') : publish(client, { ...done, verdict: 'pass', stats: await stats(), violations: [] });
        if ((await elapsed()) >= config.timeLimitMs) return incomplete('time-limit');
      }
    } catch (error) {
      // a model error in a state: every process would meet it there; the first to store it ends the run
      if (!(error instanceof ModelError)) throw error;
      return publish(client, { ...resultBase, verdict: 'error', stats: { ...noStats(await elapsed()), distinct, generated }, violations: [], error: { code: error.code, message: error.message } });
    }
  }
}
