// Which drawn transition a step of a counterexample took, for highlighting it.
import { isWithin, type ChartNode, type ChartTransition, type Statechart } from './readStatechart.ts';

/** One step of a counterexample, within one region: the leaf before, the leaf after, the event. */
export interface HighlightStep {
  /** State node id the region was in before the step. */
  readonly from: string;
  /** State node id the region is in after it (equal to `from` for a targetless transition). */
  readonly to: string;
  /** The event type taken (`always` or '' for an eventless transition). */
  readonly event: string;
  /** The step's number in the trace, shown on the arrow (`3: MAP`). */
  readonly step: number;
}

function reaches(chart: Statechart, t: ChartTransition, source: ChartNode, to: string): boolean {
  if (t.targets.length === 0) return isWithin(chart, to, source.id);
  return t.targets.some((target) => {
    const node = chart.nodes.get(target);
    // A history target restores some child of its parent.
    const entered = node?.type === 'history' ? chart.parents.get(target)?.id ?? target : target;
    return isWithin(chart, to, entered);
  });
}

/**
 * The transition a step took: the first candidate for its event, on `from` or on the nearest
 * ancestor declaring one (xstate's selection order), whose target contains `to` (or, targetless,
 * whose source still contains it). Guards are not evaluated, so among candidates with the same
 * target the first is named. Undefined when no drawn transition explains the step (an unknown
 * state, or a step made of several transitions, e.g. followed by `always`).
 */
export function stepTransition(chart: Statechart, step: HighlightStep): ChartTransition | undefined {
  const event = step.event === 'always' ? '' : step.event;
  if (!chart.nodes.has(step.to)) return undefined;
  for (let n: ChartNode | undefined = chart.nodes.get(step.from); n; n = chart.parents.get(n.id)) {
    for (const t of n.transitions) if (t.event === event && reaches(chart, t, n, step.to)) return t;
  }
  return undefined;
}
