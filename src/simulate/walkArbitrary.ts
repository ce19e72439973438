import fc from 'fast-check';
import { DEFAULT_WEIGHT, type WalkPlan } from './randomWalk.ts';

/**
 * Swarm mode's weights for an event type, first the one every type shrinks to: the default, 4x
 * favoured, 4x disfavoured, and taken only when nothing else is enabled. As SPIN's swarm runs
 * many searches that each leave out or favour part of the model, each walk draws its own
 * weights, so a rare event that an unweighted walk takes too seldom is favoured in some walks.
 */
export const SWARM_WEIGHTS = [DEFAULT_WEIGHT, 4 * DEFAULT_WEIGHT, DEFAULT_WEIGHT / 4, 0] as const;

/**
 * The walks fast-check draws and shrinks: up to `depth` choices, lengths spread evenly from 0 to
 * `depth` and choices evenly over the naturals (no bias towards small values: a small choice
 * favours the first enabled events). With `types` > 0 (swarm mode), a weight per event type.
 * Shrinking removes steps and lowers choices towards 0 (the first enabled event), and moves
 * weights back to the default.
 */
export function walkArbitrary(depth: number, types: number): fc.Arbitrary<WalkPlan> {
  const choices = fc.noBias(fc.array(fc.nat(), { maxLength: depth, size: 'max' }));
  if (types === 0) return fc.record({ choices });
  const weights = fc.array(fc.constantFrom(...SWARM_WEIGHTS), { minLength: types, maxLength: types });
  return fc.record({ choices, weights });
}
