import { FingerprintTable } from '../store/FingerprintTable.ts';
import { ValueDictionary } from '../store/ValueDictionary.ts';
import { EncodedFrontier, ObjectFrontier, type Frontier } from './Frontier.ts';
import type { StateStore } from '../store/StateStore.ts';
import type { TransitionSystem } from './TransitionSystem.ts';
import type { SearchConfig } from './SearchConfig.ts';
import type { SearchObserver, SearchOutcome, SearchProblem, SearchStats } from './SearchOutcome.ts';
import { firstViolation } from './firstViolation.ts';
import { expand, fingerprintOf, fingerprintSuccessor } from './successor.ts';
import { Pacer } from './Pacer.ts';
import { runToEnd, withStatsOnError, type SearchRun } from './SearchRun.ts';

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

/** `bfs` as a run that yields to its caller every `config.yieldEveryMs` (`SearchRun`). */
export function* bfsRun<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer: SearchObserver<S, E> = {},
  store: StateStore = new FingerprintTable(),
): SearchRun {
  const start = config.now();
  const fp = { hi: 0, lo: 0 };
  const stats: SearchStats = { distinct: 0, generated: 0, maxDepth: 0, queue: 0, elapsedMs: 0, storeBytes: 0, spilledBytes: 0 };
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
  fingerprintOf(system, init, fp);
  store.add(fp.hi, fp.lo, -1, 0);
  stats.generated = 1;
  observer.onInitial?.(init);
  const onSuccessor = observer.onSuccessor;
  const bad0 = firstViolation(problem.invariants, init);
  if (bad0) return { kind: 'violation', stats: done(), store, stateId: 0, ...bad0 };

  // The frontier, level by level: compact data when the system has a codec, objects otherwise;
  // each level's data beyond half the frontier budget waits in its spill.
  const dict = new ValueDictionary();
  const codec = system.codec;
  const spill = config.spill;
  const newLevel = (): Frontier<S> =>
    codec ? new EncodedFrontier(codec, dict, spill && config.frontierMemoryBytes < Infinity ? spill() : undefined, config.frontierMemoryBytes / 2) : new ObjectFrontier<S>();
  try {
    return yield* withStatsOnError(explore(init), done);
  } finally {
    level?.dispose();
    nextLevel?.dispose();
  }

  function* explore(init: S): SearchRun {
    // `cur` and `next` are this function's locals (the outer `level`/`nextLevel` only let the
    // finally clause dispose of them), so the loop reads no captured variable.
    let cur = (level = newLevel());
    cur.push(0, init);
    const twice = config.checkDeterminism;
    const fingerprint = system.fingerprint?.bind(system);
    let expanded = 0;
    let truncated = false;
    const pacer = new Pacer(config, start, () => store.bytes);
    for (let depth = 0; cur.length > 0; depth++) {
      stats.maxDepth = depth;
      const next = (nextLevel = newLevel());
      while (cur.length > 0) {
        const state = cur.shift();
        const id = cur.lastId;
        const { events, states: successors } = expand(system, state);
        if (events.length === 0) {
          if (!problem.isFinal(state)) return { kind: 'deadlock', stats: done(), store, stateId: id };
          continue;
        }
        if (depth >= config.maxDepth) {
          truncated = true;
          continue;
        }
        for (let i = 0; i < events.length; i++) {
          const succ = successors[i]!;
          if (fingerprint && !twice) fingerprint(succ, fp);
          else fingerprintSuccessor(system, state, events[i]!, succ, fp, twice);
          stats.generated++;
          // One probe in the common case: `add` refuses a fingerprint already stored.
          if (store.size >= config.maxStates) {
            if (!store.has(fp.hi, fp.lo)) return { kind: 'incomplete', stats: done(), store, reason: 'max-states' };
            onSuccessor?.(state, events[i]!, succ, false);
            continue;
          }
          const added = store.add(fp.hi, fp.lo, id, i);
          if (onSuccessor) onSuccessor(state, events[i]!, succ, added);
          if (!added) continue;
          const newId = store.size - 1;
          const bad = firstViolation(problem.invariants, succ);
          if (bad) {
            stats.maxDepth = depth + 1;
            return { kind: 'violation', stats: done(), store, stateId: newId, ...bad };
          }
          next.push(newId, succ);
        }
        const paced = pacer.tick();
        if (paced !== undefined) {
          stats.queue = cur.length + next.length;
          if (paced !== 'yield') return { kind: 'incomplete', stats: done(), store, reason: paced };
          if ((yield) === 'stop') return { kind: 'incomplete', stats: done(), store, reason: 'interrupted' };
        }
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
