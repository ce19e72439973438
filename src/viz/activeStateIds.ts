// From the active states a trace prints (`old.mapping new.waiting`) back to state node ids, so a
// picture of the chart can mark them.
import type { ChartNode, Statechart } from './readStatechart.ts';

/** Every way a path at `pos` of `text` names a node under `parent`: the node and where the path ends. */
function* paths(parent: ChartNode, text: string, pos: number): Generator<{ node: ChartNode; end: number }> {
  // Longer keys first, so `a.b` (one key with a dot) wins over `a` then `b` when both exist.
  const children = [...parent.children].sort((x, y) => y.key.length - x.key.length);
  for (const c of children) {
    if (!text.startsWith(c.key, pos)) continue;
    const end = pos + c.key.length;
    if (end === text.length || text[end] === ' ') yield { node: c, end };
    if (text[end] === '.') yield* paths(c, text, end + 1);
  }
}

/** The nodes of a space-separated list of paths, or undefined when some part names none. */
function parseList(root: ChartNode, text: string, pos: number): ChartNode[] | undefined {
  if (pos >= text.length) return [];
  for (const { node, end } of paths(root, text, pos)) {
    const rest = end === text.length ? [] : parseList(root, text, end + 1);
    if (rest) return [node, ...rest];
  }
  return undefined;
}

/**
 * The state nodes a trace step's `state` text names (as `formatStateValue` prints it: leaf paths
 * from the root, space-separated): the node each path ends at, by id. Keys that contain dots or
 * spaces are matched against the chart rather than split blindly; paths the chart does not know
 * are skipped one word at a time, so a partly unknown state still yields what it can. Pure.
 */
export function statePathEnds(chart: Statechart, stateText: string): string[] {
  const whole = parseList(chart.root, stateText.trim(), 0);
  const nodes = whole ?? stateText.split(/\s+/).filter(Boolean).flatMap((word) => parseList(chart.root, word, 0) ?? []);
  return [...new Set(nodes.map((n) => n.id))];
}

/**
 * Every state node active in a trace step: the nodes its `state` text names (`statePathEnds`),
 * each followed by its ancestors up to, not including, the root. Pure; ids in first-seen order.
 */
export function activeStateIds(chart: Statechart, stateText: string): string[] {
  const out = new Set<string>();
  for (const id of statePathEnds(chart, stateText)) {
    for (let x: ChartNode | undefined = chart.nodes.get(id); x && x !== chart.root; x = chart.parents.get(x.id)) out.add(x.id);
  }
  return [...out];
}
