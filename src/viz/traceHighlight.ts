// A counterexample laid over its statechart, step by step: which states are active after each
// step and which drawn arrows the step took, named by the ids the SVG gives its elements.
import type { TraceStep } from '../CheckResult.ts';
import { activeStateIds, statePathEnds } from './activeStateIds.ts';
import type { ChartNode, Statechart } from './readStatechart.ts';
import { stepTransition, type HighlightStep } from './stepTransition.ts';
import { stateSvgId, stepSvgId, transitionSvgIds } from './svgIds.ts';

/** One step of a trace on the chart, as SVG element ids. */
export interface StepHighlight {
  /** `stateSvgId`s of every state node active after the step (ancestors included, the root not). */
  readonly active: readonly string[];
  /** Ids of the arrows this step took: `transitionSvgIds`, or `stepSvgId` for a step no single transition explains. */
  readonly taken: readonly string[];
}

export interface TraceHighlight {
  /** The steps to pass to `statechartDot`'s highlight, so the SVG has an arrow for each. */
  readonly steps: readonly HighlightStep[];
  /** Per trace step (index = step number, 0 the initial state). */
  readonly perStep: readonly StepHighlight[];
}

/** The part of the chart a state moves in: the child of its nearest parallel ancestor (or the root). */
function regionOf(chart: Statechart, id: string): string {
  let n: ChartNode | undefined = chart.nodes.get(id);
  for (let p = n && chart.parents.get(n.id); n && p; n = p, p = chart.parents.get(p.id)) if (p.type === 'parallel') return n.id;
  return chart.root.id;
}

/**
 * Lays `trace` over `chart`. Each step's states before and after are paired region by region;
 * a region whose state changed, or that a targetless transition of the step's event explains,
 * becomes a `HighlightStep`, named by the transition `stepTransition` finds or else by the
 * step's own arrow (`stepSvgId`), exactly as `statechartDot` draws them. Regions entered or left
 * by the step are not paired. Pure.
 */
export function traceHighlight(chart: Statechart, trace: readonly TraceStep[]): TraceHighlight {
  const steps: HighlightStep[] = [];
  const perStep: StepHighlight[] = [];
  let before: Map<string, string> | undefined;
  for (const t of trace) {
    const ends = statePathEnds(chart, t.state);
    const now = new Map(ends.map((id) => [regionOf(chart, id), id] as const));
    const taken = new Set<string>();
    if (before && t.event) {
      for (const [region, to] of now) {
        const from = before.get(region);
        if (from === undefined) continue;
        const s: HighlightStep = { from, to, event: t.event.type, step: t.step };
        const transition = stepTransition(chart, s);
        if (transition) transitionSvgIds(transition).forEach((id) => taken.add(id));
        else if (from !== to) taken.add(stepSvgId(t.step));
        if (transition || from !== to) steps.push(s);
      }
    }
    perStep.push({ active: activeStateIds(chart, t.state).map(stateSvgId), taken: [...taken] });
    before = now;
  }
  return { steps, perStep };
}
