import fc from 'fast-check';
import { ModelError } from '../model/errors.ts';
import type { EventObject } from 'xstate';
import type { SearchProblem } from '../search/SearchOutcome.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';
import { randomWalk, type WalkEnd, type WalkOutcome, type WalkPlan } from './randomWalk.ts';
import { walkArbitrary } from './walkArbitrary.ts';
import { typeIndexOf, type WalkSettings } from './searchWalks.ts';
import { loopFree } from './loopFree.ts';
import { shortcut } from './shortcut.ts';

/** A failing walk after shrinking: its plan, fast-check's path to it, and the counterexample path with its cycles cut. */
export interface ShrunkWalk {
  readonly plan: WalkPlan;
  /** With the seed, `fc.check`'s `path` to the shrunk walk (`--path` replays it). */
  readonly path: string;
  /** Steps of the shrunk walk, before its cycles were cut. */
  readonly shrunkSteps: number;
  /** fast-check's shrinking steps that kept the failure. */
  readonly shrinks: number;
  readonly outcome: WalkOutcome;
}

/** Whether two ends are the same failure: the same invariant violated, or both a deadlock. */
function sameFailure(a: WalkEnd, b: WalkEnd): boolean {
  return a.kind === b.kind && (a.kind !== 'violation' || a.invariantId === (b as typeof a).invariantId);
}

/**
 * Shrinks the walk that fast-check draws from `seed` at `path` (a failing one) with fast-check's
 * own shrinkers, keeping only walks that fail the same way (the same invariant, or deadlock):
 * fewer steps, smaller choices (earlier events, first-listed payloads), default weights. The
 * shrunk walk's cycles are then cut (`loopFree`), which keeps its last state and so its
 * failure, and its detours replaced by shorter ways to the same failure found by exhaustive
 * search within a few steps of it (`shortcut`); the path is checked again by walking it. Deterministic: the same seed, path and
 * model give the same result.
 */
export function shrinkWalk<S>(system: TransitionSystem<S, EventObject>, problem: SearchProblem<S>, settings: WalkSettings, path: string, failure: WalkEnd): ShrunkWalk {
  const typeIndex = typeIndexOf(settings.types);
  const details = fc.check(
    fc.property(walkArbitrary(settings.depth, settings.types.length), (plan) => {
      const end = randomWalk(system, problem, plan, typeIndex).end;
      return !sameFailure(end, failure);
    }),
    { seed: settings.seed, path, numRuns: 1 },
  );
  // the same seed and path draw the same walk: one that no longer fails took other steps
  if (!details.failed) throw new ModelError('nondeterminism', `the failing walk (seed ${settings.seed}, path ${path}) does not fail when walked again; the model is not deterministic: look for Math.random, Date.now, Map/Set iteration order or module-level state`);
  const plan = details.counterexample![0];
  const outcome = randomWalk(system, problem, plan, typeIndex);
  const cut = shortcut(system, problem, loopFree(system, outcome.path), failure);
  const again = randomWalk(system, problem, { choices: cut }, typeIndex);
  const best = sameFailure(again.end, failure) && again.path.length <= outcome.path.length ? again : outcome;
  return { plan, path: details.counterexamplePath!, shrunkSteps: outcome.path.length, shrinks: details.numShrinks, outcome: best };
}
