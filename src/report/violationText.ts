import type { CheckResult, Violation } from '../CheckResult.ts';

/** What a violation is, in a few words: `deadlock`, `INV-1 violated (title)`, `LIV-1 fails (title)`. */
export function violationHeadline(v: Violation): string {
  const title = v.title ? ` (${v.title})` : '';
  if (v.kind === 'deadlock') return 'deadlock';
  return `${v.id} ${v.kind === 'liveness' ? 'fails' : 'violated'}${title}`;
}

/** The fairness a result's properties were checked under, as a phrase: `under WF(p0), WF(p1)`, `under no fairness`. */
export function fairnessPhrase(result: Pick<CheckResult, 'fairness'>): string {
  return result.fairness && result.fairness.length > 0 ? `under ${result.fairness.join(', ')}` : 'under no fairness';
}

/** What kind of counterexample a trace is, with its length: `shortest counterexample, 3 steps`, or a lasso's stem and cycle. */
export function counterexampleText(v: Violation, strategy: CheckResult['strategy']): string {
  const steps = v.trace.length - 1;
  const n = (k: number) => `${k} step${k === 1 ? '' : 's'}`;
  if (v.loop) {
    const cycle = v.loop.stutter ? 'then no event is enabled, for ever' : `then a cycle of ${n(steps - v.loop.start)} repeated for ever`;
    return `lasso: a shortest stem of ${n(v.loop.start)}, ${cycle}`;
  }
  if (strategy === 'random') return `counterexample (a random walk, shrunk: not necessarily shortest), ${n(steps)}`;
  return `${strategy === 'bfs' ? 'shortest counterexample' : `counterexample (${strategy}: not necessarily shortest)`}, ${n(steps)}`;
}

/** Where a lasso's cycle runs, as a line to put in a trace after step `loop.start`; undefined for a path. */
export function loopLine(v: Violation): string | undefined {
  if (!v.loop) return undefined;
  const { start } = v.loop;
  const end = v.trace.length - 1;
  if (v.loop.stutter) return `the state of step ${start} for ever: no event is enabled there`;
  const back = `back to the state of step ${start}${v.loop.upToReduction ? ' (up to the check\'s reductions)' : ''}, for ever`;
  return end === start + 1 ? `the cycle: step ${end}, ${back}` : `the cycle: steps ${start + 1} to ${end}, ${back}`;
}
