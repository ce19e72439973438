// Graphviz DOT for a statechart: compound and parallel states as clusters, an initial point per
// compound state, final states as double circles, guards on the arrows, and optionally the
// states and steps of a counterexample highlighted.
import { selectRegion } from './chartRegions.ts';
import { dotAttrs, dotLines, dotQuote, type DotAttrs } from './dotText.ts';
import { asStatechart, isWithin, leafCount, type ChartNode, type ChartTransition, type Statechart } from './readStatechart.ts';
import { stepTransition, type HighlightStep } from './stepTransition.ts';
import { initialEdgeSvgId, initialSvgId, stateSvgId, stepSvgId, transitionSvgIds } from './svgIds.ts';

/** A counterexample laid over the chart. */
export interface StatechartHighlight {
  /** State node ids currently active (leaves and, optionally, their ancestors): filled. */
  readonly active?: ReadonlySet<string>;
  /** Steps taken: their arrows drawn bold and coloured, labelled with the step numbers (`3: MAP`). */
  readonly steps?: ReadonlyArray<HighlightStep>;
  /** A lasso's cycle: the steps after this one; their arrows are drawn in the cycle's colour, class `cycle`, labelled `N↻`. */
  readonly cycleAfter?: number;
}

export interface StatechartDotOptions {
  /** Draw only this top-level state (a region of a parallel root); see `regionNames`. */
  readonly region?: string;
  /** Draw the top-level states as boxes with their leaf counts, and nothing inside them. */
  readonly overview?: boolean;
  readonly highlight?: StatechartHighlight;
}

const COLOURS = { active: '#ffd54f', activeCluster: '#fff4cc', taken: '#d84315', cycle: '#6a1b9a', external: '#757575' } as const;

/** Shared attributes; the chart reads left to right, the overview's boxes sit side by side. */
const header = (rankdir: 'LR' | 'TB') => [
  `  graph [compound=true, rankdir=${rankdir}, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.35];`,
  '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11, height=0.3, margin="0.1,0.04"];',
  '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
];

function isLeaf(n: ChartNode): boolean {
  return n.children.length === 0;
}

function clusterName(id: string): string {
  return dotQuote(`cluster_${stateSvgId(id)}`);
}

/** An invisible point inside a cluster where arrows from (or into) the cluster start. */
function anchorName(id: string): string {
  return dotQuote(`p:${id}`);
}

/** Draws one node and its subtree, the parts of the chart that the edges refer to. */
class ChartDrawing {
  private readonly lines: string[] = [];
  private readonly anchors = new Set<string>();
  private readonly externals = new Set<string>();
  private readonly edges: string[] = [];

  constructor(
    private readonly chart: Statechart,
    private readonly top: ChartNode,
    private readonly highlight: StatechartHighlight,
  ) {}

  private drawn(id: string): boolean {
    return isWithin(this.chart, id, this.top.id);
  }

  private active(id: string): boolean {
    return this.highlight.active?.has(id) ?? false;
  }

  /** The DOT node an arrow ends at when it enters state `id` (and the cluster to clip it to). */
  private head(id: string): { node: string; cluster?: string } {
    if (!this.drawn(id)) {
      this.externals.add(id);
      return { node: dotQuote(`x:${id}`) };
    }
    const n = this.chart.nodes.get(id)!;
    if (isLeaf(n)) return { node: dotQuote(stateSvgId(id)) };
    if (n.type === 'compound' && n.initial.length > 0) return { node: dotQuote(initialSvgId(id)), cluster: clusterName(id) };
    this.anchors.add(id);
    return { node: anchorName(id), cluster: clusterName(id) };
  }

  /** The DOT node an arrow leaving state `id` starts at. */
  private tail(id: string): { node: string; cluster?: string } {
    const n = this.chart.nodes.get(id)!;
    if (isLeaf(n)) return { node: dotQuote(stateSvgId(id)) };
    this.anchors.add(id);
    return { node: anchorName(id), cluster: clusterName(id) };
  }

  private edge(fromId: string, toId: string, attrs: DotAttrs): void {
    const tail = this.tail(fromId);
    const head = this.head(toId);
    // Clip at a cluster's border only when the other end lies outside it (Graphviz warns otherwise).
    const ltail = tail.cluster && !isWithin(this.chart, toId, fromId) ? { raw: tail.cluster.slice(1, -1) } : undefined;
    const lhead = head.cluster && !isWithin(this.chart, fromId, toId) ? { raw: head.cluster.slice(1, -1) } : undefined;
    this.edges.push(`  ${tail.node} -> ${head.node}${dotAttrs({ ...attrs, ltail, lhead })};`);
  }

  /** Step numbers by arrow id, and the steps no single drawn transition explains. */
  private takenSteps(): { taken: Map<string, number[]>; loose: HighlightStep[] } {
    const taken = new Map<string, number[]>();
    const loose: HighlightStep[] = [];
    for (const s of this.highlight.steps ?? []) {
      const t = stepTransition(this.chart, s);
      if (t) for (const id of transitionSvgIds(t)) taken.set(id, [...(taken.get(id) ?? []), s.step]);
      else if (this.chart.nodes.has(s.from) && this.chart.nodes.has(s.to) && this.drawn(s.from) && this.drawn(s.to)) loose.push(s);
    }
    return { taken, loose };
  }

  /** An arrow of its own for a step that, e.g., an `always` transition followed. */
  private looseStep(s: HighlightStep): void {
    const cycle = this.inCycle([s.step]);
    const colour = cycle ? COLOURS.cycle : COLOURS.taken;
    this.edge(s.from, s.to, { id: stepSvgId(s.step), label: `${this.stepText(s.step)}: ${s.event}`, class: `step taken${cycle ? ' cycle' : ''}`, style: 'bold', color: colour, fontcolor: colour, constraint: false });
  }

  /** Whether any of the steps is in a lasso's cycle. */
  private inCycle(steps: readonly number[]): boolean {
    const after = this.highlight.cycleAfter;
    return after !== undefined && steps.some((s) => s > after);
  }

  /** A step number as an arrow's label shows it: `4`, or `4↻` in a lasso's cycle. */
  private stepText(step: number): string {
    return this.inCycle([step]) ? `${step}↻` : String(step);
  }

  private transitionEdges(n: ChartNode, t: ChartTransition, taken: Map<string, number[]>): void {
    const ids = transitionSvgIds(t);
    const ends = t.targets.length === 0 ? [n.id] : t.targets;
    ends.forEach((target, j) => {
      const steps = taken.get(ids[j]!);
      const internal = t.targets.length === 0;
      const cycle = steps !== undefined && this.inCycle(steps);
      const colour = steps ? (cycle ? COLOURS.cycle : COLOURS.taken) : undefined;
      this.edge(n.id, target, {
        id: ids[j],
        label: steps ? `${steps.sort((a, b) => a - b).map((x) => this.stepText(x)).join(',')}: ${t.label}` : t.label,
        class: `transition${internal ? ' internal' : ''}${steps ? ' taken' : ''}${cycle ? ' cycle' : ''}`,
        style: internal ? (steps ? 'dashed,bold' : 'dashed') : steps ? 'bold' : undefined,
        color: colour,
        fontcolor: colour,
        penwidth: steps ? 2.5 : undefined,
      });
    });
  }

  /** Collects the arrows of the subtree: initial arrows, then transitions, in walk order. */
  private collectEdges(n: ChartNode, taken: Map<string, number[]>): void {
    n.initial.forEach((target, i) => {
      const head = this.head(target);
      const lhead = head.cluster ? { raw: head.cluster.slice(1, -1) } : undefined;
      this.edges.push(`  ${dotQuote(initialSvgId(n.id))} -> ${head.node}${dotAttrs({ id: initialEdgeSvgId(n.id, i), class: 'initial', lhead })};`);
    });
    for (const t of n.transitions) {
      // Targetless transitions of a cluster are listed in its label instead of looping on it.
      if (t.targets.length === 0 && !isLeaf(n)) continue;
      this.transitionEdges(n, t, taken);
    }
    for (const c of n.children) this.collectEdges(c, taken);
  }

  private leafNode(n: ChartNode, indent: string): void {
    const active = this.active(n.id);
    const shape = n.type === 'final' ? { shape: 'doublecircle', width: 0.25, margin: 0.02 } : n.type === 'history' ? { shape: 'circle', width: 0.3 } : {};
    const filled = active ? { style: n.type === 'atomic' || n.type === 'compound' ? 'rounded,filled' : 'filled', fillcolor: COLOURS.active } : {};
    const label = n.type === 'history' ? (n.deep ? 'H*' : 'H') : n.key;
    this.lines.push(`${indent}${dotQuote(stateSvgId(n.id))}${dotAttrs({ id: stateSvgId(n.id), label, class: `state ${n.type}${active ? ' active' : ''}`, ...shape, ...filled })};`);
  }

  private cluster(n: ChartNode, indent: string, inParallel: boolean): void {
    const internal = n.transitions.filter((t) => t.targets.length === 0).map((t) => `${t.label} (internal)`);
    const active = this.active(n.id);
    const styles = ['rounded', ...(inParallel ? ['dashed'] : []), ...(this.highlight.active ? ['filled'] : [])];
    this.lines.push(`${indent}subgraph ${clusterName(n.id)} {`);
    const inner = indent + '  ';
    const attrs: DotAttrs = {
      id: stateSvgId(n.id),
      class: `state ${n.type}${active ? ' active' : ''}`,
      label: { raw: dotLines([n.key, ...internal]) },
      style: styles.join(','),
      fillcolor: this.highlight.active ? (active ? COLOURS.activeCluster : 'white') : undefined,
    };
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) this.lines.push(`${inner}${dotAttrs({ [k]: v }).slice(2, -1)};`);
    if (n.initial.length > 0) {
      this.lines.push(`${inner}${dotQuote(initialSvgId(n.id))}${dotAttrs({ id: initialSvgId(n.id), class: 'initial', shape: 'point', width: 0.1, label: '' })};`);
    }
    if (this.anchors.has(n.id)) this.lines.push(`${inner}${anchorName(n.id)}${dotAttrs({ id: `p:${n.id}`, class: 'anchor', shape: 'point', style: 'invis', width: 0.01, label: '' })};`);
    // Graphviz stacks the clusters and nodes of one rank bottom-up when rankdir=LR: declaring
    // them in reverse puts the first-declared on top.
    for (const c of [...n.children].reverse()) this.node(c, inner, n.type === 'parallel');
    this.lines.push(`${indent}}`);
  }

  private node(n: ChartNode, indent: string, inParallel: boolean): void {
    if (isLeaf(n)) this.leafNode(n, indent);
    else this.cluster(n, indent, inParallel);
  }

  /** The whole digraph. Edges are collected first: they decide which anchors the clusters need. */
  render(): string {
    const { taken, loose } = this.takenSteps();
    this.collectEdges(this.top, taken);
    for (const s of loose) this.looseStep(s);
    this.node(this.top, '  ', false);
    for (const id of [...this.externals].sort()) {
      this.lines.push(`  ${dotQuote(`x:${id}`)}${dotAttrs({ id: `x:${id}`, label: id, class: 'external', style: 'rounded,dashed', color: COLOURS.external, fontcolor: COLOURS.external })};`);
    }
    return [`digraph ${dotQuote(this.top.id)} {`, ...header('LR'), ...this.lines, ...this.edges, '}', ''].join('\n');
  }
}

/** Top-level states as boxes with their leaf counts, inside the root's cluster; no inner arrows. */
function overviewDot(chart: Statechart, highlight: StatechartHighlight): string {
  const root = chart.root;
  const activeIn = (n: ChartNode) => [...(highlight.active ?? [])].some((id) => chart.nodes.has(id) && isWithin(chart, id, n.id));
  const lines = [`digraph ${dotQuote(`${root.id} overview`)} {`, ...header('TB'), `  subgraph ${clusterName(root.id)} {`];
  lines.push(`    id=${dotQuote(stateSvgId(root.id))};`, `    class=${dotQuote(`state ${root.type}`)};`, `    label=${dotQuote(root.key)};`, '    style="rounded";');
  if (root.initial.length > 0) lines.push(`    ${dotQuote(initialSvgId(root.id))}${dotAttrs({ id: initialSvgId(root.id), class: 'initial', shape: 'point', width: 0.1, label: '' })};`);
  for (const c of root.children) {
    const count = leafCount(c);
    const active = activeIn(c);
    lines.push(
      `    ${dotQuote(stateSvgId(c.id))}${dotAttrs({
        id: stateSvgId(c.id),
        label: { raw: dotLines([c.key, `${count} ${count === 1 ? 'state' : 'states'}`]) },
        class: `state region ${c.type}${active ? ' active' : ''}`,
        style: active ? 'rounded,filled' : undefined,
        fillcolor: active ? COLOURS.active : undefined,
        peripheries: c.type === 'final' ? 2 : undefined,
      })};`,
    );
  }
  lines.push('  }');
  root.initial.forEach((t, i) => lines.push(`  ${dotQuote(initialSvgId(root.id))} -> ${dotQuote(stateSvgId(t))}${dotAttrs({ id: initialEdgeSvgId(root.id, i), class: 'initial' })};`));
  return [...lines, '}', ''].join('\n');
}

/**
 * Graphviz DOT text for a machine's statechart (or one read by `readStatechart`). Pure and
 * deterministic: equal machines and options give equal text. Every state has the SVG id
 * `stateSvgId(id)`, every arrow one of `transitionSvgIds`, `initialEdgeSvgId` or `stepSvgId`,
 * and classes (`state`, `active`, `transition`, `internal`, `taken`, `initial`), so a page can
 * restyle the rendered SVG by id. Highlighted steps that no drawn transition explains get an
 * arrow of their own; steps or states outside the drawn part are ignored. An unknown `region`
 * is a UsageError listing the allowed names.
 */
export function statechartDot(source: { readonly root: object } | Statechart, options: StatechartDotOptions = {}): string {
  const chart = asStatechart(source);
  const highlight = options.highlight ?? {};
  if (options.overview) return overviewDot(chart, highlight);
  const top = options.region === undefined ? chart.root : selectRegion(chart, options.region);
  return new ChartDrawing(chart, top, highlight).render();
}
