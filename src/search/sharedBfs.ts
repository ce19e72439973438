import { SharedFingerprintSet } from '../store/SharedFingerprintSet.ts';
import { TraceLinks, type TraceLinksData } from '../store/TraceLinks.ts';
import { ValueQueue, type ValueQueueData } from '../store/ValueQueue.ts';
import { ValueDictionary } from '../store/ValueDictionary.ts';
import { EncodedFrontier } from './Frontier.ts';
import { ChunkPool } from '../store/ChunkPool.ts';
import type { StateCodec, TransitionSystem } from './TransitionSystem.ts';
import type { SearchProblem } from './SearchOutcome.ts';
import { firstViolation } from './firstViolation.ts';
import { expandInto, fingerprintOf, fingerprintSuccessor, touchAll } from './successor.ts';
import { Cadence } from './Pacer.ts';
import type { LevelBarrier } from './LevelBarrier.ts';

/**
 * One part of a level-synchronous breadth-first search over `workers` parts sharing one visited
 * set (a `SharedFingerprintSet`). Pure: the threads and the messages between them are the
 * caller's (src/cli/parallel). In a step at depth d, each part expands its share of level d and
 * adds the successors to the shared set; those it adds first are its own, it checks their
 * invariants, keeps their trace links and keeps them, encoded with the system's `codec`, as its
 * share of level d + 1. No state crosses threads during a step; between two steps the caller may
 * move states from a part with too many to one with too few (`give`, written with the system's
 * `wireCodec`, then the receiver's `step` reads them first). Every state of depth <= d + 1 is
 * in the set before any state of depth d + 1 is expanded, so a state is new exactly at its
 * breadth-first depth: parent links give shortest paths.
 *
 * A part numbers the states it stored globally as `local * workers + index`, so a parent link
 * names the part that holds the parent's links. The initial state is part 0's state 0.
 *
 * The set cannot grow during a step: each `step` (and `resume`) is given a budget of states it
 * may add; a part that would add more pauses (`paused` in its answer) before touching the set,
 * and `resume` continues exactly there once the caller has given it a bigger set (`useSet`).
 *
 * Given a `Together` (every part in a thread of its own, all asked for the same step), a step
 * runs on from level to level without returning: at each level's end the parts meet at a
 * `LevelBarrier` in shared memory, where the last one decides for all whether the next level
 * runs at once. It does while no part has halted (paused, found something, been interrupted),
 * the set needs no growth by `plannedCapacity`, the next level's shares need no evening out by
 * `planTransfers` (states move only through the caller), the states stored are within the bound
 * and the caller's time slice has not run out; otherwise every part answers with its last level.
 */

export function globalId(local: number, owner: number, workers: number): number {
  return local * workers + owner;
}

/** [owner, local number] of a global state number. */
export function splitGlobalId(id: number, workers: number): [number, number] {
  const owner = id % workers;
  return [owner, (id - owner) / workers];
}

export interface SharedPartOptions {
  readonly workers: number;
  readonly index: number;
  readonly maxDepth: number;
  readonly checkDeterminism: boolean;
  /** The most expanded states between two calls of the step's `interrupted` callback (fewer when steps are slow: `Cadence`). */
  readonly pollEvery?: number;
}

/** A violation or deadlock a part found; `stateId` is a global state number. */
export type LevelFinding =
  | { readonly kind: 'violation'; readonly stateId: number; readonly depth: number; readonly invariantId: string; readonly message: string }
  | { readonly kind: 'deadlock'; readonly stateId: number; readonly depth: number };

export interface LevelStep {
  /** The depth of the level this answer ends in (after a `Together` step, the last of its levels). */
  readonly depth: number;
  /** The part ran out of its budget of new states before the end of its share of the level: give it a bigger set and `resume`. */
  readonly paused: boolean;
  /** States of depth d + 1 this part holds (its share of the next level, before any `give`). */
  readonly nextSize: number;
  readonly finding?: LevelFinding;
  /** Why the step stopped before expanding its whole share, when `interrupted` said so. */
  readonly interrupted?: string;
  /** Some state was left unexpanded because of the depth bound. */
  readonly truncated: boolean;
  /** Totals of this part so far: successors generated, states stored (added first by this part). */
  readonly generated: number;
  readonly distinct: number;
  /** Bytes of this part's trace links. */
  readonly linkBytes: number;
  /** The most enabled events of one state this part has expanded. */
  readonly maxFanout: number;
  /** After a `Together` step: how many levels it ran, and the most new states per expanded state of any level so far. */
  readonly levels?: number;
  readonly newPerExpanded?: number;
}

/** What the caller asks of a step's levels run together: when to stop going on, and its figures so far. */
export interface TogetherPlan {
  /** No level starts at `now()` past this. */
  readonly until: number;
  /** No level starts once the parts have stored more states than this, in all. */
  readonly maxStates: number;
  /** The caller's figures when it asked for the step: states stored in all, the most enabled events of a state, the most new states per expanded state. */
  readonly distinct: number;
  readonly maxFanout: number;
  readonly newPerExpanded: number;
}

/** What a part needs to run a step's levels together with the other parts, each in its own thread (see `SharedBfsPart`). */
export interface Together extends TogetherPlan {
  readonly barrier: LevelBarrier;
  /** Tells every part to stop expanding: this one found a violation or a deadlock. */
  stopAll(): void;
  /** The clock `until` is read on. */
  now(): number;
}

export class SharedBfsPart<S, E> {
  links = new TraceLinks();
  private set: SharedFingerprintSet | undefined;
  private readonly dict = new ValueDictionary();
  /** The chunks this part's levels were read out of, for its next levels to write into (they never leave this thread: `give` copies). */
  private readonly pool = new ChunkPool();
  private readonly codec: StateCodec<S>;
  private readonly wire: StateCodec<S>;
  /** This part's share of the level being expanded, then what others gave it for this level. */
  private level: EncodedFrontier<S>;
  private gifts: ValueQueue[] = [];
  private next: EncodedFrontier<S>;
  private depth = 0;
  private generated = 0;
  private truncated = false;
  private maxFanout = 0;
  private takenId = 0;
  /** States taken off this level so far. */
  private expanded = 0;
  private readonly fp = { hi: 0, lo: 0 };
  /** The events and successors of the state being expanded (its first `count`), in the same two arrays for every state. */
  private readonly events: E[] = [];
  private readonly states: S[] = [];
  /** Their fingerprints, index for index. */
  private readonly his: number[] = [];
  private readonly los: number[] = [];
  /** The state whose successors a pause interrupted: its number, how many successors it has (in `events`, `states` and their fingerprints) and the next one to add. */
  private pending: { state: S; id: number; count: number; i: number } | undefined;

  constructor(
    private readonly system: TransitionSystem<S, E>,
    private readonly problem: SearchProblem<S>,
    private readonly options: SharedPartOptions,
  ) {
    if (!system.codec || !system.wireCodec) throw new Error('SharedBfsPart needs a system with a codec and a wireCodec (the compiled engine)');
    this.codec = system.codec;
    this.wire = system.wireCodec;
    this.level = new EncodedFrontier(this.codec, this.dict, { pool: this.pool });
    this.next = new EncodedFrontier(this.codec, this.dict, { pool: this.pool });
  }

  /** The visited set to add to from now on (a new, bigger one between steps). */
  useSet(set: SharedFingerprintSet): void {
    this.set = set;
  }

  private global(local: number): number {
    return globalId(local, this.options.index, this.options.workers);
  }

  private result(paused: boolean, finding?: LevelFinding, why?: string): LevelStep {
    return {
      depth: this.depth,
      paused,
      nextSize: this.next.length,
      ...(finding ? { finding } : {}),
      ...(why ? { interrupted: why } : {}),
      truncated: this.truncated,
      generated: this.generated,
      distinct: this.links.size,
      linkBytes: this.links.bytes,
      maxFanout: this.maxFanout,
    };
  }

  /**
   * Step `depth` (0, 1, 2, ...): expands what `give` sent this part for level `depth`
   * (`incoming`), then its own share of the level, adding at most `budget` states to the set.
   * `interrupted` is polled now and then; a reason it returns ends the step early. With
   * `together`, the levels after it may run too (see the class).
   */
  step(depth: number, incoming: readonly ValueQueueData[], budget: number, interrupted: () => string | undefined, together?: Together): LevelStep {
    const found = this.begin(depth, incoming);
    if (together) return this.runTogether(found, budget, interrupted, together);
    return found ?? this.run(budget, interrupted);
  }

  /** Starts level `depth`: the next level becomes this one; at depth 0, part 0 stores the initial state (its violation, if any, is the answer). */
  private begin(depth: number, incoming: readonly ValueQueueData[]): LevelStep | undefined {
    this.depth = depth;
    this.level = this.next;
    this.next = new EncodedFrontier(this.codec, this.dict, { pool: this.pool });
    this.gifts = incoming.map((d) => ValueQueue.fromData(d));
    this.pending = undefined;
    this.expanded = 0;
    if (depth === 0 && this.options.index === 0) {
      const init = this.system.initialState();
      const fp = fingerprintOf(this.system, init, this.fp);
      this.set!.add(fp.hi, fp.lo);
      const local = this.links.add(-1, 0);
      this.generated++;
      const bad = firstViolation(this.problem.invariants, init);
      if (bad) return this.result(false, { kind: 'violation', stateId: this.global(local), depth: 0, ...bad });
      this.level.push(this.global(local), init);
    }
    return undefined;
  }

  /** This part's share of level after level, meeting the others at the barrier after each (see the class). */
  private runTogether(found: LevelStep | undefined, budget: number, interrupted: () => string | undefined, t: Together): LevelStep {
    const barrier = t.barrier;
    let r = found ?? this.run(budget, interrupted);
    for (let levels = 1; ; levels++) {
      const halted = r.paused || r.finding !== undefined || r.interrupted !== undefined;
      if (r.finding) t.stopAll();
      const level = barrier.level;
      barrier.publish({ nextSize: r.nextSize, distinct: r.distinct, maxFanout: r.maxFanout, expanded: this.expanded, halted });
      if (barrier.arrive()) this.decide(t, levels === 1);
      else barrier.wait(level);
      const plan = barrier.plan;
      if (!barrier.go) return { ...r, levels, newPerExpanded: plan.newPerExpanded };
      this.begin(this.depth + 1, []);
      r = this.run(plan.budget, interrupted);
    }
  }

  /** The last part out of a level (the step's first when `first`): whether the next runs at once, and each part's budget for it. */
  private decide(t: Together, first: boolean): void {
    const barrier = t.barrier;
    const previous = first ? t : barrier.plan;
    const sizes: number[] = [];
    let distinct = 0;
    let expanded = 0;
    let fanout = t.maxFanout;
    let halted = false;
    for (let w = 0; w < this.options.workers; w++) {
      const f = barrier.figuresOf(w);
      sizes.push(f.nextSize);
      distinct += f.distinct;
      expanded += f.expanded;
      fanout = Math.max(fanout, f.maxFanout);
      halted ||= f.halted;
    }
    const next = sizes.reduce((a, b) => a + b, 0);
    const newPerExpanded = Math.max(previous.newPerExpanded, expanded > 0 ? (distinct - previous.distinct) / expanded : 0);
    const capacity = this.set!.capacity;
    const go =
      !halted &&
      next > 0 &&
      distinct <= t.maxStates &&
      t.now() < t.until &&
      plannedCapacity(capacity, distinct, next, fanout, newPerExpanded) === capacity &&
      planTransfers(sizes).length === 0;
    const budget = partBudget(capacity, distinct, this.options.workers);
    barrier.release(go, { budget, newPerExpanded, distinct });
  }

  /** Continues a paused step with a new budget (after `useSet` gave a bigger set). */
  resume(budget: number, interrupted: () => string | undefined): LevelStep {
    return this.run(budget, interrupted);
  }

  /** The next state of this part's share of the level (its number is then `takenId`), or undefined when the share is done. */
  private take(): S | undefined {
    while (this.gifts.length > 0) {
      const q = this.gifts[0]!;
      if (q.length > 0) {
        q.startRead();
        this.takenId = q.readNumber();
        return this.wire.read(q);
      }
      this.gifts.shift();
    }
    if (this.level.length === 0) return undefined;
    const state = this.level.shift();
    this.takenId = this.level.lastId;
    return state;
  }

  private run(budget: number, interrupted: () => string | undefined): LevelStep {
    const set = this.set!;
    const system = this.system;
    const links = this.links;
    const next = this.next;
    const fp = this.fp;
    const depth = this.depth;
    const twice = this.options.checkDeterminism;
    const invariants = this.problem.invariants;
    const { workers, index, maxDepth } = this.options;
    const cadence = new Cadence(() => performance.now(), this.options.pollEvery ?? 1024);
    let added = 0;
    let generated = this.generated;
    // The state being expanded, carried over from a pause or taken from the level.
    let state: S | undefined;
    let id = 0;
    const events = this.events;
    const states = this.states;
    const his = this.his;
    const los = this.los;
    let count = 0;
    let from = 0;
    if (this.pending) {
      ({ state, id, count, i: from } = this.pending);
      this.pending = undefined;
    }
    for (;;) {
      if (state === undefined) {
        state = this.take();
        if (state === undefined) break;
        this.expanded++;
        id = this.takenId;
        count = expandInto(system, state, events, states);
        from = 0;
        if (count === 0) {
          if (!this.problem.isFinal(state)) {
            this.generated = generated;
            return this.result(false, { kind: 'deadlock', stateId: id, depth });
          }
        } else if (depth >= maxDepth) {
          this.truncated = true;
          from = count;
        } else {
          if (count > this.maxFanout) this.maxFanout = count;
          // every successor's fingerprint, then their places in the set read one after another,
          // so that the cache misses overlap and the adds below find them in the cache
          for (let i = 0; i < count; i++) {
            fingerprintSuccessor(system, state, events[i]!, states[i]!, fp, twice);
            his[i] = fp.hi;
            los[i] = fp.lo;
          }
          touchAll(set, los, count);
        }
      }
      for (let i = from; i < count; i++) {
        if (added >= budget) {
          this.pending = { state, id, count, i };
          this.generated = generated;
          return this.result(true);
        }
        const succ = states[i]!;
        generated++;
        if (!set.add(his[i]!, los[i]!)) continue;
        added++;
        const gid = links.add(id, i) * workers + index;
        const bad = firstViolation(invariants, succ);
        if (bad) {
          this.generated = generated;
          return this.result(false, { kind: 'violation', stateId: gid, depth: depth + 1, ...bad });
        }
        next.push(gid, succ);
      }
      state = undefined;
      if (cadence.due() >= 0) {
        const why = interrupted();
        if (why) {
          this.generated = generated;
          return this.result(false, undefined, why);
        }
      }
    }
    this.generated = generated;
    return this.result(false);
  }

  /**
   * Takes up to `count` states off this part's share of the next level (between steps), written
   * with the system's `wireCodec` for another part's `step`: their number, then the state.
   */
  give(count: number): ValueQueueData {
    const q = new ValueQueue(new ValueDictionary());
    for (let k = 0; k < count && this.next.length > 0; k++) {
      const state = this.next.shift();
      q.writeNumber(this.next.lastId);
      this.wire.write(state, q);
      q.endRecord();
    }
    return q.toData();
  }

  /**
   * This part between two levels, as data (a checkpoint): its links, counters and its share of
   * the next level, written with the wire codec (the share itself stays as it was).
   */
  save(): { links: TraceLinksData; next: ValueQueueData; generated: number; truncated: boolean; maxFanout: number } {
    const next = this.give(this.next.length);
    this.next = this.levelFrom(structuredClone(next));
    return { links: this.links.toData(), next, generated: this.generated, truncated: this.truncated, maxFanout: this.maxFanout };
  }

  /** Takes up where `save` left off (before the step of the saved depth). */
  load(saved: { links: TraceLinksData; next: ValueQueueData; generated: number; truncated: boolean; maxFanout: number }): void {
    this.links = TraceLinks.fromData(saved.links);
    this.next = this.levelFrom(saved.next);
    this.generated = saved.generated;
    this.truncated = saved.truncated;
    this.maxFanout = saved.maxFanout;
  }

  /** A level holding the records of `data` (number, then state by the wire codec). */
  private levelFrom(data: ValueQueueData): EncodedFrontier<S> {
    const q = ValueQueue.fromData(data);
    const level = new EncodedFrontier(this.codec, this.dict, { pool: this.pool });
    for (let i = 0; i < data.records; i++) {
      q.startRead();
      const id = q.readNumber();
      level.push(id, this.wire.read(q));
    }
    return level;
  }

  /** Parent (global number, -1 for the root) and event index of local states, for a trace. */
  linksOf(locals: readonly number[]): { parents: number[]; events: number[] } {
    return { parents: locals.map((l) => this.links.parentOf(l)), events: locals.map((l) => this.links.eventOf(l)) };
  }
}

/** The most a level may fill the shared set: each part's budget is its share of the slots below this load. */
export const HARD_LOAD = 7 / 8;

/** Each of `parts` parts' budget of new states in a set of `capacity` slots holding `distinct`: an equal share of the slots below the hard load. */
export function partBudget(capacity: number, distinct: number, parts: number): number {
  return Math.floor((Math.floor(HARD_LOAD * capacity) - distinct) / parts);
}

/**
 * The capacity (slots) the shared set should have before the next level: the current one, or a
 * bigger one when it holds more than half of it, or when the count plus the states the next
 * level is expected to add pass 3/4 of it. The expected new states are the level's size times
 * the most enabled events of a state seen so far, but at most twice the most new states per
 * expanded state a level has had (the fan-out bound alone overshoots badly when most successors
 * are revisits); a level that adds more than expected pauses its parts and the set grows then.
 */
export function plannedCapacity(capacity: number, count: number, nextLevel: number, maxFanout: number, newPerExpanded: number): number {
  const expected = nextLevel * Math.min(Math.max(1, maxFanout), Math.max(1, 2 * newPerExpanded));
  if (2 * count <= capacity && count + expected <= 0.75 * capacity) return capacity;
  return Math.max(2 * capacity, Math.ceil(2 * (count + expected)));
}

/**
 * The moves that even out the parts' shares of the next level (`sizes`), as [from, to, count],
 * or none when the largest share is within `tolerance` of the mean (and at most `slack` more).
 */
export function planTransfers(sizes: readonly number[], tolerance = 0.1, slack = 64): [number, number, number][] {
  const n = sizes.length;
  const total = sizes.reduce((a, b) => a + b, 0);
  const mean = total / n;
  if (Math.max(...sizes) - mean <= Math.max(slack, tolerance * mean)) return [];
  const target = (w: number) => Math.floor(total / n) + (w < total % n ? 1 : 0);
  const surplus = sizes.map((s, w) => s - target(w));
  const moves: [number, number, number][] = [];
  let to = 0;
  for (let from = 0; from < n; from++) {
    while (surplus[from]! > 0) {
      while (surplus[to]! >= 0) to++;
      const k = Math.min(surplus[from]!, -surplus[to]!);
      moves.push([from, to, k]);
      surplus[from]! -= k;
      surplus[to]! += k;
    }
  }
  return moves;
}
