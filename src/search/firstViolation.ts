import { modelException } from '../model/errors.ts';
import type { StatePredicate } from './SearchOutcome.ts';

/**
 * The first invariant (in declaration order) that `state` violates, with its message, or
 * undefined. An invariant that throws is a model error; one that returns something other
 * than `true` or a string is reported as violated with a message saying so.
 */
export function firstViolation<S>(
  invariants: readonly StatePredicate<S>[],
  state: S,
): { invariantId: string; message: string } | undefined {
  for (const inv of invariants) {
    let r: unknown;
    try {
      r = inv.check(state);
    } catch (error) {
      throw modelException(error, `invariant ${inv.id} threw`);
    }
    if (r === true) continue;
    const message = typeof r === 'string' && r !== '' ? r : `check returned ${JSON.stringify(r)} instead of true or a message`;
    return { invariantId: inv.id, message };
  }
  return undefined;
}
