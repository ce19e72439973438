import fc from 'fast-check';
import type { EventObject } from 'xstate';
import type { SearchObserver, SearchProblem } from '../search/SearchOutcome.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';
import { fingerprintOf } from '../search/successor.ts';
import { FingerprintSet } from '../store/FingerprintSet.ts';
import { ModelError } from '../model/errors.ts';
import { randomWalk, type WalkOutcome, type WalkPlan } from './randomWalk.ts';
import { walkArbitrary } from './walkArbitrary.ts';

/** How walks are drawn: fast-check's seed, how many, how long, with swarm weights or not. */
export interface WalkSettings {
  readonly seed: number;
  readonly depth: number;
  /** The event types swarm mode weighs (empty: no swarm). */
  readonly types: readonly string[];
}

export interface WalkSearchOptions extends WalkSettings {
  readonly runs: number;
  /** fast-check's path to one walk: that walk alone is drawn (with `seed`, it is the walk found before). */
  readonly path?: string;
  /** Stop drawing walks after this many milliseconds (fast-check's time limit). */
  readonly timeLimitMs?: number;
  readonly observer?: SearchObserver<never, EventObject>;
  readonly now: () => number;
  /** Asked before each walk: true ends the walks (another worker found a failure). */
  readonly stopped?: () => boolean;
}

/** Thrown inside fast-check's run to end it when `stopped` says so. */
class WalksStopped extends Error {}

/** A walk that ended in a violation or a deadlock, as drawn (before shrinking). */
export interface FoundWalk {
  readonly seed: number;
  /** fast-check's path to the walk: with the seed, it draws this walk again. */
  readonly path: string;
  readonly plan: WalkPlan;
  readonly outcome: WalkOutcome;
  /** Milliseconds from the start of the walks to this one's end. */
  readonly elapsedMs: number;
}

/** What a batch of walks did: the walk that failed (or none), the model error one ran into, and the figures. */
export interface WalkSearch {
  readonly found?: FoundWalk;
  readonly error?: ModelError;
  readonly walks: number;
  /** Steps taken, over all walks. */
  readonly steps: number;
  /** The longest walk, in steps. */
  readonly maxDepth: number;
  /** The distinct states the walks met (by fingerprint). */
  readonly seen: FingerprintSet;
  /** Set when the time limit ended the walks before `runs` of them were drawn. */
  readonly timedOut: boolean;
  /** Set when `stopped` ended the walks. */
  readonly stopped: boolean;
  readonly elapsedMs: number;
}

/** The index of each event type that swarm mode weighs. */
export function typeIndexOf(types: readonly string[]): Map<string, number> {
  return new Map(types.map((t, i) => [t, i]));
}

/**
 * Draws up to `runs` random walks with fast-check from `seed` and runs each (`randomWalk`) until
 * one violates an invariant or deadlocks: that one is returned unshrunk, with the path that
 * draws it again. A model error (a guard or an invariant that throws) ends the walks and is
 * returned. Every state met is counted in `seen`; `observer` sees every step (coverage).
 */
export function searchWalks<S>(system: TransitionSystem<S, EventObject>, problem: SearchProblem<S>, options: WalkSearchOptions): WalkSearch {
  const start = options.now();
  const seen = new FingerprintSet();
  const fp = { hi: 0, lo: 0 };
  const isNew = (s: S) => (fingerprintOf(system, s, fp), seen.add(fp.hi, fp.lo));
  const typeIndex = typeIndexOf(options.types);
  let walks = 0;
  let steps = 0;
  let maxDepth = 0;
  let last: { plan: WalkPlan; outcome: WalkOutcome; elapsedMs: number } | undefined;
  let error: ModelError | undefined;
  const observer = options.observer as SearchObserver<S, EventObject> | undefined;
  const details = fc.check(
    fc.property(walkArbitrary(options.depth, options.types.length), (plan) => {
      if (options.stopped?.()) throw new WalksStopped();
      walks++;
      let outcome: WalkOutcome;
      try {
        outcome = randomWalk(system, problem, plan, typeIndex, observer, isNew);
      } catch (thrown) {
        if (!(thrown instanceof ModelError)) throw thrown;
        error = thrown;
        return false;
      }
      steps += outcome.path.length;
      if (outcome.path.length > maxDepth) maxDepth = outcome.path.length;
      if (outcome.end.kind === 'end') return true;
      last = { plan, outcome, elapsedMs: options.now() - start };
      return false;
    }),
    {
      seed: options.seed,
      numRuns: options.runs,
      ...(options.path !== undefined ? { path: options.path } : {}),
      endOnFailure: true,
      ...(options.timeLimitMs !== undefined ? { plugins: [fc.interruptAfterTimeLimit(options.timeLimitMs)] } : {}),
    },
  );
  const stopped = details.errorInstance instanceof WalksStopped;
  // anything fast-check caught that is not a walk's failure (an internal error) is thrown again
  if (details.failed && !last && !error && !stopped && details.errorInstance) throw details.errorInstance;
  const found = details.failed && last && !error && !stopped ? { seed: options.seed, path: details.counterexamplePath!, ...last } : undefined;
  return { ...(found ? { found } : {}), ...(error ? { error } : {}), walks, steps, maxDepth, seen, timedOut: details.interrupted && !details.failed, stopped, elapsedMs: options.now() - start };
}
