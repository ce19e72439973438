import { FingerprintTable } from '../store/FingerprintTable.ts';
import { reserveStates } from './reserveStates.ts';
import { FingerprintSet } from '../store/FingerprintSet.ts';
import { ValueQueue, type ValueQueueData } from '../store/ValueQueue.ts';
import { ValueDictionary } from '../store/ValueDictionary.ts';
import type { StateCodec, TransitionSystem } from './TransitionSystem.ts';
import type { SearchProblem } from './SearchOutcome.ts';
import { firstViolation } from './firstViolation.ts';
import { expandInto, fingerprintOf, fingerprintSuccessor } from './successor.ts';
import { globalId, type LevelFinding } from './sharedBfs.ts';

/**
 * One partition of a hash-partitioned, level-synchronous breadth-first search (the distributed
 * search of src/cli/distributed). Pure: where batches go and how a level is committed are the
 * caller's. Each state belongs to the partition `partitionOf` its fingerprint names; a partition
 * alone stores its states (its `FingerprintTable`: visited set and trace links).
 *
 * Level d of a partition is its inbox for level d: candidate states of depth d that partitions
 * generated at level d - 1, each with its fingerprint, its parent's global number and its event
 * index. The partition stores each candidate it has not stored yet (checking its invariants, as
 * the single search does when a state is first stored), expands it (deadlock when nothing is
 * enabled and the state is not final) and sends every successor (counted in `generated`) to its
 * owner's inbox for level d + 1. Every state of depth <= d is stored before any of depth d + 1
 * is, so a state is stored at its breadth-first depth and parent links give shortest paths;
 * the states stored and the successors generated are those of the single search, so the totals
 * are equal by construction.
 *
 * A level's output is deterministic given the partition's stored states and its inbox, so a
 * level that was not committed can be run again from them (by the same or another process).
 * Global state numbers are `local * partitions + partition`, as in `SharedBfsPart`.
 */

/** The partition that owns a state of fingerprint (hi, lo): hi is used because the visited set's slot comes from lo. */
export function partitionOf(hi: number, partitions: number): number {
  return (hi >>> 0) % partitions;
}

/** The states a partition stored in one level, as data: fingerprints, parent numbers (global) and event indices. */
export interface StoredLevel {
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly parents: Int32Array;
  readonly events: Uint16Array;
}

/** What one partition's level gave. */
export interface PartitionLevel {
  readonly depth: number;
  /** The states of depth `depth` this partition stored (in order, their local numbers follow the previous levels'). */
  readonly stored: StoredLevel;
  /** Successors generated (each one counts, stored or not, as in the single search). */
  readonly generated: number;
  /** Per partition, the batches of candidates for its inbox of level depth + 1. */
  readonly out: ValueQueueData[][];
  /** Candidates sent, all partitions (after dropping those already sent or stored here). */
  readonly sent: number;
  /** A state of this level was left unexpanded by the depth bound. */
  readonly truncated: boolean;
  /** The first violation or deadlock met at this level (the level stops there). */
  readonly finding?: LevelFinding;
}

export interface PartitionOptions {
  readonly partitions: number;
  readonly index: number;
  readonly maxDepth: number;
  readonly checkDeterminism: boolean;
  /** The most candidates in one batch (the receiver's unit of work between two yields). */
  readonly batchRecords?: number;
  /** The states the whole run expects (`--expect-states`; 0 or none: no idea): each partition's set is sized for its share, fingerprints being spread evenly over the partitions. */
  readonly expectedStates?: number;
}

const BATCH_RECORDS = 4096;

export class BfsPartition<S, E> {
  private store: FingerprintTable;
  private readonly wire: StateCodec<S>;
  private readonly fp = { hi: 0, lo: 0 };

  constructor(
    private readonly system: TransitionSystem<S, E>,
    private readonly problem: SearchProblem<S>,
    private readonly options: PartitionOptions,
  ) {
    if (!system.wireCodec) throw new Error('BfsPartition needs a system with a wireCodec (the compiled engine)');
    this.wire = system.wireCodec;
    this.store = this.newStore();
  }

  /** An empty visited set, sized for this partition's share of the states expected. */
  private newStore(): FingerprintTable {
    const store = new FingerprintTable();
    reserveStates(store, { expectedStates: this.options.expectedStates ?? 0, maxStates: Infinity }, this.options.partitions);
    return store;
  }

  /** States stored so far. */
  get size(): number {
    return this.store.size;
  }

  get bytes(): number {
    return this.store.bytes;
  }

  /** Parent (global number, -1 for the root) and event index of a local state, for a trace. */
  linkOf(local: number): { parent: number; event: number } {
    return { parent: this.store.parentOf(local), event: this.store.eventOf(local) };
  }

  /** Whether this partition stored the state of fingerprint (hi, lo). */
  has(hi: number, lo: number): boolean {
    return this.store.has(hi, lo);
  }

  /** Takes up the levels this partition committed, in order (another process's, or its own before it died). */
  load(levels: readonly StoredLevel[]): void {
    this.store = this.newStore();
    for (const l of levels) for (let i = 0; i < l.hi.length; i++) this.store.add(l.hi[i]!, l.lo[i]!, l.parents[i]!, l.events[i]!);
  }

  /** Level `depth`: its inbox's batches, one at a time (`process`), then `end`. */
  level(depth: number): LevelRun<S, E> {
    return new LevelRun(this.system, this.problem, this.options, this.store, this.wire, depth, this.fp);
  }
}

/** The initial state as the one candidate of level 0, for the inbox of `partitionOf` its fingerprint. */
export function initialBatch<S, E>(system: TransitionSystem<S, E>, partitions: number): { partition: number; batch: ValueQueueData } {
  const init = system.initialState();
  const fp = fingerprintOf(system, init, { hi: 0, lo: 0 });
  const q = new ValueQueue(new ValueDictionary());
  q.writeNumber(fp.hi);
  q.writeNumber(fp.lo);
  q.writeNumber(-1);
  q.writeNumber(0);
  system.wireCodec!.write(init, q);
  q.endRecord();
  return { partition: partitionOf(fp.hi, partitions), batch: q.toData() };
}

/** One level of one partition under way. */
export class LevelRun<S, E> {
  private readonly first: number;
  private generated = 0;
  private sent = 0;
  private truncated = false;
  private finding: LevelFinding | undefined;
  private readonly queues: (ValueQueue | undefined)[];
  private readonly out: ValueQueueData[][];
  /** Candidates sent at this level, so that one generated twice is sent once. */
  private readonly sentSet = new FingerprintSet(1 << 12);
  /** Fingerprints of the states stored at this level, in order (the store keeps none by number). */
  private readonly storedHi: number[] = [];
  private readonly storedLo: number[] = [];
  /** A state's enabled events and successors, written by `expandInto` (reused from state to state, as in bfs). */
  private readonly events: E[] = [];
  private readonly successors: S[] = [];

  constructor(
    private readonly system: TransitionSystem<S, E>,
    private readonly problem: SearchProblem<S>,
    private readonly options: PartitionOptions,
    private readonly store: FingerprintTable,
    private readonly wire: StateCodec<S>,
    private readonly depth: number,
    private readonly fp: { hi: number; lo: number },
  ) {
    this.first = store.size;
    this.queues = Array.from({ length: options.partitions }, () => undefined);
    this.out = Array.from({ length: options.partitions }, () => []);
  }

  /** Whether the level has met a violation or deadlock (what is left of its inbox is not looked at). */
  get stopped(): boolean {
    return this.finding !== undefined;
  }

  /** Stores, checks and expands the candidates of one inbox batch. */
  process(batch: ValueQueueData): void {
    if (this.finding) return;
    const { system, problem, store, depth, fp, events, successors } = this;
    const { partitions, index, maxDepth, checkDeterminism } = this.options;
    const q = ValueQueue.fromData(batch);
    for (let r = 0; r < batch.records; r++) {
      q.startRead();
      const hi = q.readNumber();
      const lo = q.readNumber();
      const parent = q.readNumber();
      const event = q.readNumber();
      const state = this.wire.read(q);
      if (!store.add(hi, lo, parent, event)) continue;
      this.storedHi.push(hi);
      this.storedLo.push(lo);
      const id = globalId(store.size - 1, index, partitions);
      const bad = firstViolation(problem.invariants, state);
      if (bad) {
        this.finding = { kind: 'violation', stateId: id, depth, ...bad };
        return;
      }
      const n = expandInto(system, state, events, successors);
      if (n === 0) {
        if (!problem.isFinal(state)) {
          this.finding = { kind: 'deadlock', stateId: id, depth };
          return;
        }
        continue;
      }
      if (depth >= maxDepth) {
        this.truncated = true;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const succ = successors[i]!;
        fingerprintSuccessor(system, state, events[i]!, succ, fp, checkDeterminism);
        this.generated++;
        const owner = partitionOf(fp.hi, partitions);
        // one already stored here, or already sent at this level, would be dropped by its owner
        if ((owner === index && store.has(fp.hi, fp.lo)) || !this.sentSet.add(fp.hi, fp.lo)) continue;
        this.send(owner, fp.hi, fp.lo, id, i, succ);
      }
    }
  }

  private send(owner: number, hi: number, lo: number, parent: number, event: number, state: S): void {
    let q = this.queues[owner];
    if (!q) q = this.queues[owner] = new ValueQueue(new ValueDictionary());
    q.writeNumber(hi);
    q.writeNumber(lo);
    q.writeNumber(parent);
    q.writeNumber(event);
    this.wire.write(state, q);
    q.endRecord();
    this.sent++;
    if (q.length >= (this.options.batchRecords ?? BATCH_RECORDS)) this.seal(owner);
  }

  private seal(owner: number): void {
    const q = this.queues[owner];
    if (!q || q.length === 0) return;
    const data = q.toData();
    if (data.opaque.length > 0) throw new Error('a state holds a value that is not plain data: it cannot be sent to another process');
    this.out[owner]!.push(data);
    this.queues[owner] = undefined;
  }

  /** The level's output; the partition's store keeps the states it stored. */
  end(): PartitionLevel {
    for (let p = 0; p < this.queues.length; p++) this.seal(p);
    const n = this.store.size - this.first;
    const stored: StoredLevel = { hi: Uint32Array.from(this.storedHi), lo: Uint32Array.from(this.storedLo), parents: new Int32Array(n), events: new Uint16Array(n) };
    for (let i = 0; i < n; i++) {
      stored.parents[i] = this.store.parentOf(this.first + i);
      stored.events[i] = this.store.eventOf(this.first + i);
    }
    return {
      depth: this.depth,
      stored,
      generated: this.generated,
      out: this.out,
      sent: this.sent,
      truncated: this.truncated,
      ...(this.finding ? { finding: this.finding } : {}),
    };
  }
}
