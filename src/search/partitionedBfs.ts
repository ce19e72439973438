import { FingerprintTable } from '../store/FingerprintTable.ts';
import { FingerprintSet } from '../store/FingerprintSet.ts';
import { ValueDictionary, ValueQueue, type ValueQueueData } from '../store/ValueQueue.ts';
import type { Fingerprint } from '../store/fingerprint.ts';
import { EncodedFrontier } from './Frontier.ts';
import type { StateCodec, TransitionSystem } from './TransitionSystem.ts';
import type { SearchProblem } from './SearchOutcome.ts';
import { firstViolation } from './firstViolation.ts';
import { expand, fingerprintOf, fingerprintSuccessor } from './successor.ts';

/**
 * One part of a level-synchronous breadth-first search over `workers` parts, the visited set
 * partitioned by fingerprint. Pure: the threads and the messages between them are the caller's
 * (src/cli/parallel). Each part owns the fingerprints with `ownerOf(fp) === index`, keeps them in
 * its own `FingerprintTable`, and numbers its states globally as `local * workers + index`, so a
 * parent link names the part that holds the parent.
 *
 * A step at depth d first absorbs the states other parts found for it in the previous step
 * (each a fingerprint, a parent, an event index and the state written by the system's
 * `wireCodec`), checking invariants on the new ones; then it expands its level d: successors
 * it owns go straight into its table (invariants checked), the others into one batch per owner.
 * Every state of depth <= d is stored before any state of depth d is expanded, so a state is
 * new exactly at its breadth-first depth: parent links give shortest paths.
 */

/** The part that owns a fingerprint: the high half (the tables place slots by the low one). */
export function ownerOf(fp: Fingerprint, workers: number): number {
  return (fp.hi >>> 0) % workers;
}

export function globalId(local: number, owner: number, workers: number): number {
  return local * workers + owner;
}

/** [owner, local number] of a global state number. */
export function splitGlobalId(id: number, workers: number): [number, number] {
  const owner = id % workers;
  return [owner, (id - owner) / workers];
}

export interface PartitionOptions {
  readonly workers: number;
  readonly index: number;
  readonly maxDepth: number;
  readonly checkDeterminism: boolean;
  /** Expanded states between two calls of the step's `interrupted` callback. */
  readonly pollEvery?: number;
}

/** A violation or deadlock a part found; `stateId` is a global state number. */
export type PartitionFinding =
  | { readonly kind: 'violation'; readonly stateId: number; readonly depth: number; readonly invariantId: string; readonly message: string }
  | { readonly kind: 'deadlock'; readonly stateId: number; readonly depth: number };

export interface PartitionStep {
  /** Batches for the other parts, by owner (undefined: nothing, and always for this part). */
  readonly outgoing: (ValueQueueData | undefined)[];
  /** States of depth d this part held after absorbing (expanded, unless the step was cut short). */
  readonly levelSize: number;
  readonly finding?: PartitionFinding;
  /** Why the step stopped before expanding its whole level, when it did. */
  readonly interrupted?: string;
  /** Some state was left unexpanded because of the depth bound. */
  readonly truncated: boolean;
  /** Totals of this part so far. */
  readonly generated: number;
  readonly distinct: number;
  readonly storeBytes: number;
}

export class PartitionedBfs<S, E> {
  readonly table = new FingerprintTable();
  private readonly dict = new ValueDictionary();
  private readonly codec: StateCodec<S>;
  private readonly wire: StateCodec<S>;
  private next: EncodedFrontier<S>;
  private generated = 0;
  private truncated = false;
  private readonly fp = { hi: 0, lo: 0 };
  /** Fingerprints sent to other parts in this step: a state reached twice here is sent once. */
  private readonly sent = new FingerprintSet();

  constructor(
    private readonly system: TransitionSystem<S, E>,
    private readonly problem: SearchProblem<S>,
    private readonly options: PartitionOptions,
  ) {
    if (!system.codec || !system.wireCodec) throw new Error('PartitionedBfs needs a system with a codec and a wireCodec (the compiled engine)');
    this.codec = system.codec;
    this.wire = system.wireCodec;
    this.next = new EncodedFrontier(this.codec, this.dict);
  }

  private global(local: number): number {
    return globalId(local, this.options.index, this.options.workers);
  }

  /** Stores a new state (depth `depth`) this part owns; a violation of an invariant in it, if any. */
  private stored(state: S, depth: number): PartitionFinding | undefined {
    const local = this.table.size - 1;
    const bad = firstViolation(this.problem.invariants, state);
    if (bad) return { kind: 'violation', stateId: this.global(local), depth, ...bad };
    this.next.push(local, state);
    return undefined;
  }

  /**
   * Step `depth` (0, 1, 2, ...): absorbs `incoming` (what the other parts sent this part in step
   * depth - 1), then expands this part's level. `interrupted` is polled now and then; a reason
   * it returns ends the step early.
   */
  step(depth: number, incoming: readonly ValueQueueData[], interrupted: () => string | undefined): PartitionStep {
    const { workers, index } = this.options;
    const fp = this.fp;
    const outgoing: (ValueQueue | undefined)[] = new Array(workers).fill(undefined);
    let levelSize = 0;
    const result = (finding?: PartitionFinding, why?: string): PartitionStep => ({
      outgoing: outgoing.map((q) => q?.toData()),
      levelSize,
      ...(finding ? { finding } : {}),
      ...(why ? { interrupted: why } : {}),
      truncated: this.truncated,
      generated: this.generated,
      distinct: this.table.size,
      storeBytes: this.table.bytes,
    });

    if (depth === 0) {
      const init = this.system.initialState();
      fingerprintOf(this.system, init, fp);
      if (ownerOf(fp, workers) === index) {
        this.table.add(fp.hi, fp.lo, -1, 0);
        this.generated++;
        const bad = this.stored(init, 0);
        if (bad) return result(bad);
      }
    }
    for (const data of incoming) {
      const q = ValueQueue.fromData(data);
      while (q.length > 0) {
        q.startRead();
        const hi = q.readNumber();
        const lo = q.readNumber();
        const parent = q.readNumber();
        const event = q.readNumber();
        const state = this.wire.read(q);
        if (!this.table.add(hi, lo, parent, event)) continue;
        const bad = this.stored(state, depth);
        if (bad) return result(bad);
      }
    }

    this.sent.clear();
    const level = this.next;
    this.next = new EncodedFrontier(this.codec, this.dict);
    levelSize = level.length;
    const poll = this.options.pollEvery ?? 1024;
    const system = this.system;
    const table = this.table;
    for (let expanded = 1; level.length > 0; expanded++) {
      const state = level.shift();
      const id = this.global(level.lastId);
      const { events, states: successors } = expand(system, state);
      if (events.length === 0) {
        if (!this.problem.isFinal(state)) return result({ kind: 'deadlock', stateId: id, depth });
        continue;
      }
      if (depth >= this.options.maxDepth) {
        this.truncated = true;
        continue;
      }
      for (let i = 0; i < events.length; i++) {
        const next = successors[i]!;
        fingerprintSuccessor(system, state, events[i]!, next, fp, this.options.checkDeterminism);
        this.generated++;
        const owner = ownerOf(fp, workers);
        if (owner === index) {
          if (!table.add(fp.hi, fp.lo, id, i)) continue;
          const bad = this.stored(next, depth + 1);
          if (bad) return result(bad);
          continue;
        }
        if (!this.sent.add(fp.hi, fp.lo)) continue;
        // Each batch has a dictionary of its own: its numbers must mean the same to the reader.
        const q = (outgoing[owner] ??= new ValueQueue(new ValueDictionary()));
        q.writeNumber(fp.hi);
        q.writeNumber(fp.lo);
        q.writeNumber(id);
        q.writeNumber(i);
        this.wire.write(next, q);
        q.endRecord();
      }
      if (expanded % poll === 0) {
        const why = interrupted();
        if (why) return result(undefined, why);
      }
    }
    return result();
  }

  /** Parent (global number, -1 for the root) and event index of local states, for a trace. */
  links(locals: readonly number[]): { parents: number[]; events: number[] } {
    return { parents: locals.map((l) => this.table.parentOf(l)), events: locals.map((l) => this.table.eventOf(l)) };
  }
}
