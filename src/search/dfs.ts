import { FingerprintTable } from '../store/FingerprintTable.ts';
import { reserveStates } from './reserveStates.ts';
import type { StateStore } from '../store/StateStore.ts';
import type { TransitionSystem } from './TransitionSystem.ts';
import type { SearchConfig } from './SearchConfig.ts';
import type { SearchObserver, SearchOutcome, SearchProblem, SearchStats } from './SearchOutcome.ts';
import { firstViolation } from './firstViolation.ts';
import { expandInto, fingerprintOf, fingerprintSuccessor, storeSuccessor, STORE_FULL } from './successor.ts';
import { ValueDictionary } from '../store/ValueDictionary.ts';
import { EncodedStack, ObjectStack, type SearchStack } from './SearchStack.ts';
import { Pacer } from './Pacer.ts';
import { runToEnd, withStatsOnError, type SearchRun } from './SearchRun.ts';

/**
 * Depth-first search on an explicit stack (no recursion, so deep models do not overflow), whose
 * states wait written with the system's codec where it has one, as breadth-first levels do.
 * Visits the same states as `bfs` when unbounded, but its counterexamples need not be
 * shortest. With `maxDepth`, a state first reached along a long path is not re-expanded when
 * a shorter path reaches it later, so a depth-bounded DFS can miss states that BFS with the
 * same bound finds; the verdict is then `incomplete`, never `pass`.
 */
export function dfs<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer: SearchObserver<S, E> = {},
  store: StateStore = new FingerprintTable(),
): SearchOutcome {
  return runToEnd(dfsRun(system, problem, config, observer, store));
}

/** `dfs` as a run that yields to its caller every `config.yieldEveryMs` (`SearchRun`). */
export function* dfsRun<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer: SearchObserver<S, E> = {},
  store: StateStore = new FingerprintTable(),
): SearchRun {
  reserveStates(store, config);
  const start = config.now();
  const fp = { hi: 0, lo: 0 };
  const stats: SearchStats = { distinct: 0, generated: 0, maxDepth: 0, queue: 0, elapsedMs: 0, storeBytes: 0 };
  const done = (): SearchStats => {
    stats.distinct = store.size;
    stats.elapsedMs = config.now() - start;
    stats.storeBytes = store.bytes;
    return { ...stats };
  };

  return yield* withStatsOnError(explore(), done);

  function* explore(): SearchRun {
    const init = system.initialState();
    fingerprintOf(system, init, fp);
    store.add(fp.hi, fp.lo, -1, 0);
    stats.generated = 1;
    observer.onInitial?.(init);
    const onSuccessor = observer.onSuccessor;
    const bad0 = firstViolation(problem.invariants, init);
    if (bad0) return { kind: 'violation', stats: done(), store, stateId: 0, ...bad0 };

    // the states waiting, written with the system's codec where it has one (as bfs's frontier)
    const stack: SearchStack<S> = system.codec ? new EncodedStack(system.codec, new ValueDictionary()) : new ObjectStack<S>();
    stack.push(0, 0, init);
    // the events and successors of the state being expanded, in the same two arrays for every state
    const events: E[] = [];
    const successors: S[] = [];
    let expanded = 0;
    let truncated = false;
    const pacer = new Pacer(config, start, () => store.bytes);

    /**
     * Expands `state` (numbered `id`, at `depth`) and pushes its new successors on the stack,
     * the first enabled event's last: 1 when it was expanded, 0 when it has no successor to
     * look at (a final state, the depth bound), or the outcome that ends the search. A function
     * called once per state, outside this generator's loop, for the reason `bfs` gives: a loop
     * in a generator that runs once is compiled only by on-stack replacement.
     */
    function visit(state: S, id: number, depth: number): SearchOutcome | 0 | 1 {
      const count = expandInto(system, state, events, successors);
      if (count === 0) {
        if (!problem.isFinal(state)) return { kind: 'deadlock', stats: done(), store, stateId: id };
        return 0;
      }
      if (depth >= config.maxDepth) {
        truncated = true;
        return 0;
      }
      // Push in reverse so that the first enabled event is explored first.
      for (let i = count - 1; i >= 0; i--) {
        const next = successors[i]!;
        fingerprintSuccessor(system, state, events[i]!, next, fp, config.checkDeterminism);
        stats.generated++;
        const newId = storeSuccessor(store, config.maxStates, fp, id, i, onSuccessor, state, events[i]!, next);
        if (newId < 0) {
          if (newId === STORE_FULL) return { kind: 'incomplete', stats: done(), store, reason: 'max-states' };
          continue;
        }
        if (depth + 1 > stats.maxDepth) stats.maxDepth = depth + 1;
        const bad = firstViolation(problem.invariants, next);
        if (bad) return { kind: 'violation', stats: done(), store, stateId: newId, ...bad };
        stack.push(newId, depth + 1, next);
      }
      return 1;
    }
    while (stack.length > 0) {
      // between two states (also those with no successor or at the depth bound): the clock, the gauge, the caller
      const paced = pacer.tick();
      if (paced !== undefined) {
        stats.queue = stack.length;
        if (paced !== 'yield') return { kind: 'incomplete', stats: done(), store, reason: paced };
        if ((yield) === 'stop') return { kind: 'incomplete', stats: done(), store, reason: 'interrupted' };
      }
      const state = stack.pop();
      const visited = visit(state, stack.lastId, stack.lastDepth);
      if (visited === 0) continue;
      if (visited !== 1) return visited;
      if (++expanded % config.progressEvery === 0) {
        stats.queue = stack.length;
        if (observer.onProgress) {
          stats.distinct = store.size;
          stats.elapsedMs = config.now() - start;
          stats.storeBytes = store.bytes;
          observer.onProgress(stats);
        }
      }
    }
    return truncated ? { kind: 'incomplete', stats: done(), store, reason: 'max-depth' } : { kind: 'pass', stats: done(), store };
  }
}
