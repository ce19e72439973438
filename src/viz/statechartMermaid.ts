// Mermaid `stateDiagram-v2` text for a statechart, for pages and Markdown that render Mermaid.
import { selectRegion } from './chartRegions.ts';
import { asStatechart, isWithin, leafCount, type ChartNode, type Statechart } from './readStatechart.ts';

export interface StatechartMermaidOptions {
  /** Draw only this top-level state (a region of a parallel root); see `regionNames`. */
  readonly region?: string;
  /** Draw the top-level states with their leaf counts, and nothing inside them. */
  readonly overview?: boolean;
}

/**
 * Mermaid state ids for every node: the node's path of keys with everything but letters,
 * digits and underscores replaced by `_`, joined by `__`, after an `s_` (so no id is a Mermaid
 * keyword or starts with a digit); a clash gets `_2`, `_3`, ... in walk order.
 */
export function mermaidIds(chart: Statechart): ReadonlyMap<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  const visit = (n: ChartNode, path: readonly string[]): void => {
    const here = [...path, n.key.replace(/[^A-Za-z0-9_]/g, '_')];
    const base = `s_${here.join('__')}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(n.id, id);
    for (const c of n.children) visit(c, here);
  };
  visit(chart.root, []);
  return ids;
}

/** Text Mermaid shows as it is: one line, no quotes, no statement separators or comment marks. */
function mermaidText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/"/g, "'").replace(/;/g, ',').replace(/%%/g, '%').replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'));
}

function isLeaf(n: ChartNode): boolean {
  return n.children.length === 0;
}

/** Writes the diagram of one subtree; edges go into the block of their endpoints' nearest common ancestor. */
class MermaidDrawing {
  private readonly ids: ReadonlyMap<string, string>;
  /**
   * Edge lines by the id of the composite state whose block holds them ('' for the top level;
   * `after:<id>` for those written right after a parallel state's child, in its section).
   */
  private readonly edges = new Map<string, string[]>();

  constructor(
    private readonly chart: Statechart,
    private readonly top: ChartNode,
  ) {
    this.ids = mermaidIds(chart);
  }

  private id(stateId: string): string {
    return this.ids.get(stateId)!;
  }

  private put(block: string, line: string): void {
    this.edges.set(block, [...(this.edges.get(block) ?? []), line]);
  }

  /** The block a node's own shape is declared in: its parent's, or the top level for the drawn top. */
  private blockOf(n: ChartNode): string {
    return n === this.top ? '' : this.chart.parents.get(n.id)!.id;
  }

  /** The child of `ancestor` on the way down to `id`. */
  private childOn(ancestor: ChartNode, id: string): ChartNode {
    return ancestor.children.find((c) => isWithin(this.chart, id, c.id))!;
  }

  private collect(n: ChartNode): void {
    for (const t of n.transitions) {
      for (const target of t.targets.length === 0 ? [n.id] : t.targets) this.edge(n, target, t.label);
    }
    for (const c of n.children) this.collect(c);
  }

  private edge(source: ChartNode, targetId: string, label: string): void {
    const text = mermaidText(label);
    if (!isWithin(this.chart, targetId, this.top.id)) {
      this.put(this.blockOf(source), `%% ${this.id(source.id)} --> ${mermaidText(targetId)} (outside this picture): ${text}`);
      return;
    }
    if (isWithin(this.chart, targetId, source.id) || isWithin(this.chart, source.id, targetId)) {
      // A self-loop, or an arrow between a composite state and its own inside: drawn on the outer one.
      const outer = isWithin(this.chart, targetId, source.id) ? source : this.chart.nodes.get(targetId)!;
      const note = targetId === source.id ? '' : ` → ${this.chart.nodes.get(targetId)!.key}`;
      // In a parallel state, the loop goes in the outer state's own region section.
      const parent = this.chart.parents.get(outer.id);
      const block = outer !== this.top && parent?.type === 'parallel' ? `after:${outer.id}` : this.blockOf(outer);
      this.put(block, `${this.id(outer.id)} --> ${this.id(outer.id)}: ${text}${mermaidText(note)}`);
      return;
    }
    // Mermaid cannot draw arrows into or out of another composite's inside: lift both ends to
    // the children of their nearest common ancestor.
    let common = this.chart.parents.get(source.id)!;
    while (!isWithin(this.chart, targetId, common.id)) common = this.chart.parents.get(common.id)!;
    const from = this.childOn(common, source.id);
    const to = this.childOn(common, targetId);
    if (common.type === 'parallel') {
      this.put(common.id, `%% ${this.id(source.id)} --> ${this.id(targetId)} (across regions, not drawn): ${text}`);
      return;
    }
    this.put(common.id, `${this.id(from.id)} --> ${this.id(to.id)}: ${text}`);
  }

  private declare(n: ChartNode, indent: string, out: string[]): void {
    const name = mermaidText(n.type === 'history' ? (n.deep ? 'H*' : 'H') : n.key);
    if (isLeaf(n)) {
      out.push(`${indent}state "${name}" as ${this.id(n.id)}`);
      return;
    }
    out.push(`${indent}state "${name}" as ${this.id(n.id)} {`);
    const inner = indent + '  ';
    for (const i of n.initial) out.push(`${inner}[*] --> ${this.id(this.childOn(n, i).id)}`);
    n.children.forEach((c, k) => {
      if (n.type === 'parallel' && k > 0) out.push(`${inner}--`);
      this.declare(c, inner, out);
      for (const line of this.edges.get(`after:${c.id}`) ?? []) out.push(`${inner}${line}`);
    });
    this.close(n.id, n.children, inner, out);
    out.push(`${indent}}`);
  }

  /** A block's arrows, then an arrow to `[*]` from each final child. */
  private close(block: string, children: readonly ChartNode[], indent: string, out: string[]): void {
    for (const line of this.edges.get(block) ?? []) out.push(`${indent}${line}`);
    for (const c of children) if (c.type === 'final') out.push(`${indent}${this.id(c.id)} --> [*]`);
  }

  render(): string {
    this.collect(this.top);
    const out = ['stateDiagram-v2'];
    this.declare(this.top, '  ', out);
    this.close('', [this.top], '  ', out);
    return out.join('\n') + '\n';
  }
}

function overviewMermaid(chart: Statechart): string {
  const ids = mermaidIds(chart);
  const root = chart.root;
  const out = ['stateDiagram-v2', `  state "${mermaidText(root.key)}" as ${ids.get(root.id)} {`];
  for (const i of root.initial) out.push(`    [*] --> ${ids.get(i)}`);
  root.children.forEach((c, k) => {
    if (root.type === 'parallel' && k > 0) out.push('    --');
    const count = leafCount(c);
    out.push(`    state "${mermaidText(`${c.key} (${count} ${count === 1 ? 'state' : 'states'})`)}" as ${ids.get(c.id)}`);
  });
  for (const c of root.children) if (c.type === 'final') out.push(`    ${ids.get(c.id)} --> [*]`);
  out.push('  }');
  return out.join('\n') + '\n';
}

/**
 * Mermaid `stateDiagram-v2` text for a machine's statechart (or one read by `readStatechart`):
 * nested `state "name" as id { ... }` blocks, `[*] -->` the initial states, `--` between the
 * regions of a parallel state, `--> [*]` from final states, `EVENT [guard]` on the arrows,
 * targetless transitions as self-loops. Mermaid cannot draw arrows across regions; those are
 * kept as `%%` comments. Pure and deterministic. An unknown `region` is a UsageError.
 */
export function statechartMermaid(source: { readonly root: object } | Statechart, options: StatechartMermaidOptions = {}): string {
  const chart = asStatechart(source);
  if (options.overview) return overviewMermaid(chart);
  const top = options.region === undefined ? chart.root : selectRegion(chart, options.region);
  return new MermaidDrawing(chart, top).render();
}
