// The parts a large statechart is drawn in: its top-level states (a parallel root's regions).
import { UsageError } from '../model/errors.ts';
import type { ChartNode, Statechart } from './readStatechart.ts';

/** The names `region` options accept: the root's children, in declaration order. */
export function regionNames(chart: Statechart): string[] {
  return chart.root.children.map((c) => c.key);
}

/** The root's child called `name`; an unknown name is a usage error listing the allowed ones. */
export function selectRegion(chart: Statechart, name: string): ChartNode {
  const node = chart.root.children.find((c) => c.key === name);
  if (!node) {
    const allowed = regionNames(chart);
    throw new UsageError(`unknown region '${name}' in machine ${chart.root.id}; allowed: ${allowed.length ? allowed.join(', ') : '(the machine has no child states)'}`);
  }
  return node;
}
