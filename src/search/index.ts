import type { StateStore } from '../store/StateStore.ts';
import type { TransitionSystem } from './TransitionSystem.ts';
import type { SearchConfig, Strategy } from './SearchConfig.ts';
import type { SearchObserver, SearchOutcome, SearchProblem } from './SearchOutcome.ts';
import { bfsRun } from './bfs.ts';
import { dfsRun } from './dfs.ts';
import { runToEnd, type SearchRun } from './SearchRun.ts';

type SearchRunFn = <S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer?: SearchObserver<S, E>,
  store?: StateStore,
) => SearchRun;

/** The one place where a strategy name becomes a search (as a `SearchRun`). */
export const SEARCHES: Readonly<Record<Strategy, SearchRunFn>> = Object.freeze({ bfs: bfsRun, dfs: dfsRun });

/** The search that `config.strategy` names, as a run that yields every `config.yieldEveryMs` (`SearchRun`). */
export function searchRun<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer?: SearchObserver<S, E>,
  store?: StateStore,
): SearchRun {
  return SEARCHES[config.strategy](system, problem, config, observer, store);
}

/** Runs the search that `config.strategy` names to its end. */
export function search<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer?: SearchObserver<S, E>,
  store?: StateStore,
): SearchOutcome {
  return runToEnd(searchRun(system, problem, config, observer, store));
}
