import { FingerprintTable, type FingerprintTableData } from '../store/FingerprintTable.ts';
import { ValueDictionary } from '../store/ValueDictionary.ts';
import { EncodedFrontier, ObjectFrontier, type Frontier } from './Frontier.ts';
import { ChunkPool } from '../store/ChunkPool.ts';
import type { StateStore } from '../store/StateStore.ts';
import type { TransitionSystem } from './TransitionSystem.ts';
import type { SearchConfig } from './SearchConfig.ts';
import type { SearchObserver, SearchOutcome, SearchProblem, SearchStats } from './SearchOutcome.ts';
import { firstViolation } from './firstViolation.ts';
import { expandInto, fingerprintOf, fingerprintSuccessor, storeSuccessor, touchAll, STORE_FULL } from './successor.ts';
import { Pacer } from './Pacer.ts';
import { reserveStates } from './reserveStates.ts';
import { runToEnd, withStatsOnError, type SearchRun } from './SearchRun.ts';
import type { SearchSnapshot } from './SearchSnapshot.ts';
import { ValueQueue } from '../store/ValueQueue.ts';

/**
 * Breadth-first search, level by level. The first violation found is at the smallest depth,
 * so its trace is a shortest counterexample. Checks invariants when a state is first stored
 * and deadlock when it is expanded. Synchronous; reports progress through `observer`.
 */
export function bfs<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer: SearchObserver<S, E> = {},
  store: StateStore = new FingerprintTable(),
): SearchOutcome {
  return runToEnd(bfsRun(system, problem, config, observer, store));
}

/**
 * `bfs` as a run that yields to its caller every `config.yieldEveryMs` (`SearchRun`); with
 * `resume`, it goes on from a `SearchSnapshot` (its store is the snapshot's: `given`, made from
 * it, or its visited set). Checkpoints need the system's `wireCodec` and a store that can be
 * saved (`toData`).
 */
export function* bfsRun<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer: SearchObserver<S, E> = {},
  given?: StateStore,
  resume?: SearchSnapshot,
): SearchRun {
  // resumed: the store given (made from the snapshot by the caller), or the snapshot's visited set
  const store: StateStore = given ?? (resume ? new FingerprintTable(0, resume.store as FingerprintTableData) : new FingerprintTable());
  reserveStates(store, config);
  const start = config.now() - (resume?.stats.elapsedMs ?? 0);
  const fp = { hi: 0, lo: 0 };
  const stats: SearchStats = resume ? { ...resume.stats } : { distinct: 0, generated: 0, maxDepth: 0, queue: 0, elapsedMs: 0, storeBytes: 0, spilledBytes: 0 };
  let spilledBefore = 0; // by levels already read
  let level: Frontier<S> | undefined;
  let nextLevel: Frontier<S> | undefined;
  const done = (): SearchStats => {
    stats.distinct = store.size;
    stats.elapsedMs = config.now() - start;
    stats.storeBytes = store.bytes;
    stats.spilledBytes = spilledBefore + (level?.spilled ?? 0) + (nextLevel?.spilled ?? 0);
    return { ...stats };
  };

  const init = system.initialState();
  const onSuccessor = observer.onSuccessor;
  if (!resume) {
    fingerprintOf(system, init, fp);
    store.add(fp.hi, fp.lo, -1, 0);
    stats.generated = 1;
    observer.onInitial?.(init);
    const bad0 = firstViolation(problem.invariants, init);
    if (bad0) return { kind: 'violation', stats: done(), store, stateId: 0, ...bad0 };
  }

  // The frontier, level by level: compact data when the system has a codec, objects otherwise;
  // each level's data beyond half the frontier budget waits in its spill.
  const dict = new ValueDictionary();
  const codec = system.codec;
  const spill = config.spill;
  // The chunks a level has been read out of are written again by the next one.
  const pool = new ChunkPool();
  const newLevel = (): Frontier<S> =>
    codec
      ? new EncodedFrontier(codec, dict, { spill: spill && config.frontierMemoryBytes < Infinity ? spill() : undefined, memoryBudgetBytes: config.frontierMemoryBytes / 2, pool })
      : new ObjectFrontier<S>();
  try {
    return yield* withStatsOnError(explore(init), done);
  } finally {
    level?.dispose();
    nextLevel?.dispose();
  }

  /** A level holding the records of `data` (written with the wire codec), in order. */
  function levelOf(data: SearchSnapshot['current']): Frontier<S> {
    const wire = system.wireCodec!;
    const q = ValueQueue.fromData(data);
    const f = newLevel();
    for (let i = 0; i < data.records; i++) {
      q.startRead();
      const id = q.readNumber();
      f.push(id, wire.read(q));
    }
    return f;
  }

  /** Writes a level's records with the wire codec (as data) into a copy it returns in a new level; the old level is used up. */
  function saveLevel(from: Frontier<S>): [Frontier<S>, SearchSnapshot['current']] {
    const wire = system.wireCodec;
    if (!wire || !store.toData) throw new Error('a checkpoint needs a system with a wire codec and a store that can be saved');
    const out = new ValueQueue(new ValueDictionary());
    const again = newLevel();
    while (from.length > 0) {
      const s = from.shift();
      const id = from.lastId;
      out.writeNumber(id);
      wire.write(s, out);
      out.endRecord();
      again.push(id, s);
    }
    from.dispose();
    const data = out.toData();
    if (data.opaque.length > 0) throw new Error('a state holds a value that is not plain data: it cannot be saved in a checkpoint');
    return [again, data];
  }

  function* explore(init: S): SearchRun {
    // `cur` and `next` are this function's locals (the outer `level`/`nextLevel` only let the
    // finally clause dispose of them), so the loop reads no captured variable.
    let cur = (level = resume ? levelOf(resume.current) : newLevel());
    if (!resume) cur.push(0, init);
    let resumedNext = resume ? levelOf(resume.next) : undefined;
    const twice = config.checkDeterminism;
    const fingerprint = system.fingerprint?.bind(system);
    /** Whether successors are fingerprinted by the system's own fast path (not checked twice for determinism). */
    const fast = fingerprint !== undefined && !twice;
    const his: number[] = [];
    const los: number[] = [];
    // one state's events and successors at a time, in the same two arrays for every state
    const events: E[] = [];
    const successors: S[] = [];
    let expanded = resume?.expanded ?? 0;
    let truncated = resume?.truncated ?? false;
    const pacer = new Pacer(config, start, () => store.bytes);

    /**
     * Expands `state` (numbered `id`, at `depth`) and stores its new successors in `next`: 1
     * when it was expanded, 0 when it has no successor to look at (a final state, the depth
     * bound), or the outcome that ends the search. A function called once per state, not part
     * of this generator's loop: the generator runs once per search, so V8 can compile its loop
     * only by on-stack replacement, one large job (90 ms for the philosophers with 8) that the
     * loop runs slowly until; a function called this often is compiled on its own, sooner.
     */
    function visit(state: S, id: number, depth: number, next: Frontier<S>): SearchOutcome | 0 | 1 {
      const n = expandInto(system, state, events, successors);
      if (n === 0) {
        if (!problem.isFinal(state)) return { kind: 'deadlock', stats: done(), store, stateId: id };
        return 0;
      }
      if (depth >= config.maxDepth) {
        truncated = true;
        return 0;
      }
      // Every successor's fingerprint first, then their places in the visited set, read one
      // after another with nothing in between: the reads do not depend on one another, so the
      // processor waits for their cache misses at once, and the adds below find them cached.
      if (fast) {
        for (let i = 0; i < n; i++) {
          fingerprint!(successors[i]!, fp);
          his[i] = fp.hi;
          los[i] = fp.lo;
        }
        touchAll(store, los, n);
      }
      for (let i = 0; i < n; i++) {
        const succ = successors[i]!;
        if (fast) {
          fp.hi = his[i]!;
          fp.lo = los[i]!;
        } else fingerprintSuccessor(system, state, events[i]!, succ, fp, twice);
        stats.generated++;
        const newId = storeSuccessor(store, config.maxStates, fp, id, i, onSuccessor, state, events[i]!, succ);
        if (newId < 0) {
          if (newId === STORE_FULL) return { kind: 'incomplete', stats: done(), store, reason: 'max-states' };
          continue;
        }
        const bad = firstViolation(problem.invariants, succ);
        if (bad) {
          stats.maxDepth = depth + 1;
          return { kind: 'violation', stats: done(), store, stateId: newId, ...bad };
        }
        next.push(newId, succ);
      }
      return 1;
    }
    // a level may be done with its next level begun when the snapshot was taken
    for (let depth = resume?.depth ?? 0; cur.length > 0 || resumedNext !== undefined; depth++) {
      stats.maxDepth = Math.max(stats.maxDepth, depth);
      let next = (nextLevel = resumedNext ?? newLevel());
      resumedNext = undefined;
      while (cur.length > 0) {
        // between two states (also those with no successor or at the depth bound): the clock, the gauge, the caller
        const paced = pacer.tick();
        if (paced !== undefined) {
          stats.queue = cur.length + next.length;
          if (paced !== 'yield') return { kind: 'incomplete', stats: done(), store, reason: paced };
          let command = yield;
          if (command === 'checkpoint') {
            const [restCur, current] = saveLevel(cur);
            const [restNext, nextData] = saveLevel(next);
            cur = level = restCur;
            next = nextLevel = restNext;
            const { queue: _queue, ...counted } = done();
            const snapshot: SearchSnapshot = { depth, stats: { ...counted, queue: 0 }, expanded, truncated, store: store.toData!() as SearchSnapshot['store'], current, next: nextData };
            command = yield snapshot;
          }
          if (command === 'stop') return { kind: 'incomplete', stats: done(), store, reason: 'interrupted' };
        }
        const state = cur.shift();
        const visited = visit(state, cur.lastId, depth, next);
        if (visited === 0) continue;
        if (visited !== 1) return visited;
        if (++expanded % config.progressEvery === 0) {
          stats.queue = cur.length + next.length;
          if (observer.onProgress) {
            stats.distinct = store.size;
            stats.elapsedMs = config.now() - start;
            stats.storeBytes = store.bytes;
            observer.onProgress(stats);
          }
        }
      }
      spilledBefore += cur.spilled;
      cur.dispose();
      cur = level = next;
      nextLevel = undefined;
    }
    return truncated ? { kind: 'incomplete', stats: done(), store, reason: 'max-depth' } : { kind: 'pass', stats: done(), store };
  }
}
