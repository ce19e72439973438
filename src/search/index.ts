import type { StateStore } from '../store/StateStore.ts';
import type { TransitionSystem } from './TransitionSystem.ts';
import type { SearchConfig, Strategy } from './SearchConfig.ts';
import type { SearchObserver, SearchOutcome, SearchProblem } from './SearchOutcome.ts';
import { bfs, bfsRun } from './bfs.ts';
import { dfs, dfsRun } from './dfs.ts';
import type { SearchRun } from './SearchRun.ts';

type SearchFn = <S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer?: SearchObserver<S, E>,
  store?: StateStore,
) => SearchOutcome;

/** The one place where a strategy name becomes a search function. */
export const SEARCHES: Readonly<Record<Strategy, SearchFn>> = Object.freeze({ bfs, dfs });

/** Runs the search that `config.strategy` names. */
export function search<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer?: SearchObserver<S, E>,
  store?: StateStore,
): SearchOutcome {
  return SEARCHES[config.strategy](system, problem, config, observer, store);
}

/** The search that `config.strategy` names, as a run that yields every `config.yieldEveryMs` (`SearchRun`). */
export function searchRun<S, E>(
  system: TransitionSystem<S, E>,
  problem: SearchProblem<S>,
  config: SearchConfig,
  observer?: SearchObserver<S, E>,
  store?: StateStore,
): SearchRun {
  return (config.strategy === 'dfs' ? dfsRun : bfsRun)(system, problem, config, observer, store);
}
