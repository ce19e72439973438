// The ids pictures give their elements (Graphviz `id=`, kept as they are in the SVG), so that a
// page can find a state or a transition by id and toggle its classes without re-rendering.
import type { ChartTransition } from './readStatechart.ts';

/** The SVG id of a state node's shape (a node, or the cluster of a compound/parallel state). */
export function stateSvgId(stateId: string): string {
  return `s:${stateId}`;
}

/** The SVG id of a compound state's initial pseudo-state (the small filled point). */
export function initialSvgId(stateId: string): string {
  return `i:${stateId}`;
}

/** The SVG id of the arrow from a compound state's initial pseudo-state to its initial child. */
export function initialEdgeSvgId(stateId: string, index = 0): string {
  return `init:${stateId}${index > 0 ? `|${index}` : ''}`;
}

/**
 * The SVG ids of a transition's arrows: one per target (a targetless transition has one, its
 * self-loop). Unique in a chart: a source declares one candidate list per event type.
 */
export function transitionSvgIds(t: ChartTransition): string[] {
  const base = `e:${t.source}|${t.event === '' ? '(always)' : t.event}|${t.candidate}`;
  if (t.targets.length <= 1) return [base];
  return t.targets.map((_, j) => `${base}|${j}`);
}

/** The SVG id of the extra arrow drawn for a highlighted step that matches no transition. */
export function stepSvgId(step: number): string {
  return `step:${step}`;
}
