import type { Verdict } from '../CheckResult.ts';

/** Exit codes of the `lucheck` command; the one table that maps results to them. */
export const EXIT = Object.freeze({
  pass: 0,
  incomplete: 4,
  usage: 2,
  modelError: 3,
  violation: 10,
  deadlock: 11,
  liveness: 12,
});

export const EXIT_FOR_VERDICT: Readonly<Record<Verdict, number>> = Object.freeze({
  pass: EXIT.pass,
  violation: EXIT.violation,
  deadlock: EXIT.deadlock,
  liveness: EXIT.liveness,
  incomplete: EXIT.incomplete,
  error: EXIT.modelError,
});
