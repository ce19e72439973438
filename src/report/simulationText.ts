import type { CheckResult } from '../CheckResult.ts';
import { formatCount, formatDuration } from './formatNumber.ts';

/** What a simulation's walks covered, as a phrase: `1,000 walks (seed 42, up to 100 steps, swarm) met 3,120 distinct states (41,200 steps, the longest 100) in 1.2 s`. */
export function walksText(result: CheckResult): string {
  const sim = result.simulation!;
  const s = result.stats;
  const how = [`seed ${sim.seed}`, `up to ${sim.depth} steps`, ...(sim.swarm ? ['swarm'] : []), ...(result.workers ? [`${result.workers} workers`] : [])].join(', ');
  return `${formatCount(sim.walks)} walk${sim.walks === 1 ? '' : 's'} (${how}) met ${formatCount(s.distinct)} distinct states (${formatCount(s.generated - sim.walks)} steps, the longest ${s.maxDepth}) in ${formatDuration(s.elapsedMs)}`;
}

/** How a simulation's counterexample was found and shrunk, as a sentence; undefined without one. */
export function shrinkText(result: CheckResult): string | undefined {
  const f = result.simulation?.found;
  if (!f) return undefined;
  const cut = f.steps < f.shrunkSteps ? `, then to ${f.steps} with its cycles cut` : '';
  return `found by a walk of ${f.foundSteps} steps after ${formatDuration(f.foundMs)}; shrunk by fast-check to ${f.shrunkSteps} steps (${f.shrinks} shrinks)${cut} in ${formatDuration(f.shrinkMs)}`;
}
