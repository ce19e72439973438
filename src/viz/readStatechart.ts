// The statechart of an xstate v5 machine as plain data, read from the machine's own state nodes:
// what the DOT and Mermaid pictures are drawn from.

export type ChartNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One transition candidate: `event` from `source`, guarded or not, to zero or more targets. */
export interface ChartTransition {
  /** State node id of the node that declares the transition. */
  readonly source: string;
  /** The event type as xstate stores it ('' for an eventless `always` transition). */
  readonly event: string;
  /** Index among the candidates `source` declares for `event` (xstate tries them in this order). */
  readonly candidate: number;
  /** The guard's name (named guard, function name, `and(a, not(b))`, or `guard` for an anonymous one). */
  readonly guard?: string;
  /** Target state node ids; empty for a targetless (internal) transition. */
  readonly targets: readonly string[];
  /** How pictures name it: `EVENT [guard]`, `always`, `after 100ms`. */
  readonly label: string;
}

/** One state node. */
export interface ChartNode {
  readonly id: string;
  readonly key: string;
  readonly type: ChartNodeType;
  /** Children in declaration order (the order the machine lists them in is the layout order). */
  readonly children: readonly ChartNode[];
  /** Ids of the initial children of a compound node (empty otherwise). */
  readonly initial: readonly string[];
  /** The node's own transitions, `always` included, sorted by event type then candidate index. */
  readonly transitions: readonly ChartTransition[];
  /** For a history node: deep (`H*`) rather than shallow (`H`). */
  readonly deep?: boolean;
}

/** A whole statechart: the root and every node by id. */
export interface Statechart {
  readonly root: ChartNode;
  readonly nodes: ReadonlyMap<string, ChartNode>;
  /** Parent of every node but the root, by id. */
  readonly parents: ReadonlyMap<string, ChartNode>;
}

/** The subset of xstate's StateNode read here. */
interface XNode {
  id: string;
  key: string;
  type: ChartNodeType;
  states: Record<string, XNode>;
  initial?: { target?: readonly XNode[] };
  transitions: Map<string, readonly XTransition[]>;
  always?: readonly XTransition[];
  history?: false | 'shallow' | 'deep';
}

interface XTransition {
  target?: readonly XNode[];
  guard?: unknown;
}

/**
 * How a guard is named in pictures: a named guard by its name (`'isReady'`, `{ type: 'isReady' }`),
 * a built-in combinator with its arguments (`and(a, not(b))`, `stateIn({"x":"y"})`), an inline
 * function by its own name, and an anonymous function as `guard`.
 */
export function guardLabel(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const g = guard as { name?: string; check?: unknown; guards?: readonly unknown[]; stateValue?: unknown };
    if ('check' in g) {
      if (Array.isArray(g.guards)) return `${g.name || 'guard'}(${g.guards.map((x) => guardLabel(x) ?? 'guard').join(', ')})`;
      if (g.stateValue !== undefined) return `${g.name || 'stateIn'}(${typeof g.stateValue === 'string' ? g.stateValue : JSON.stringify(g.stateValue)})`;
    }
    return g.name || 'guard';
  }
  if (typeof guard === 'object') {
    const type = (guard as { type?: unknown }).type;
    return typeof type === 'string' ? type : 'guard';
  }
  return String(guard);
}

/** How an event type is named in pictures: `always` for eventless, `after 100ms` for delays. */
export function eventLabel(event: string): string {
  if (event === '') return 'always';
  const after = /^xstate\.after\.([^.]+)\./.exec(event);
  return after ? `after ${after[1]}ms` : event;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function readTransitions(node: XNode): ChartTransition[] {
  const out: ChartTransition[] = [];
  const add = (event: string, defs: readonly XTransition[]) =>
    defs.forEach((t, candidate) => {
      const guard = guardLabel(t.guard);
      out.push({
        source: node.id,
        event,
        candidate,
        ...(guard === undefined ? {} : { guard }),
        targets: (t.target ?? []).map((x) => x.id),
        label: `${eventLabel(event)}${guard === undefined ? '' : ` [${guard}]`}`,
      });
    });
  for (const [event, defs] of node.transitions) add(event, defs);
  if (node.always && node.always.length > 0) add('', node.always);
  return out.sort((a, b) => compareText(a.event, b.event) || a.candidate - b.candidate);
}

/**
 * Reads a machine's state nodes (`machine.root`, recursively) into a `Statechart`. Pure: the
 * machine is only read. Deterministic: children keep their declaration order, transitions are
 * sorted by event type.
 */
export function readStatechart(machine: { readonly root: object }): Statechart {
  const nodes = new Map<string, ChartNode>();
  const parents = new Map<string, ChartNode>();
  const read = (x: XNode): ChartNode => {
    const children = Object.values(x.states ?? {}).map(read);
    const node: ChartNode = {
      id: x.id,
      key: x.key,
      type: x.type,
      children,
      initial: x.type === 'compound' ? (x.initial?.target ?? []).map((t) => t.id) : [],
      transitions: readTransitions(x),
      ...(x.type === 'history' ? { deep: x.history === 'deep' } : {}),
    };
    for (const c of children) parents.set(c.id, node);
    nodes.set(node.id, node);
    return node;
  };
  const root = read(machine.root as XNode);
  return { root, nodes, parents };
}

/** True when `id` is `ancestor` or lies inside it. */
export function isWithin(chart: Statechart, id: string, ancestor: string): boolean {
  for (let n: ChartNode | undefined = chart.nodes.get(id); n; n = chart.parents.get(n.id)) if (n.id === ancestor) return true;
  return false;
}

/** Number of leaf states (atomic and final) in a node's subtree, the node itself included. */
export function leafCount(node: ChartNode): number {
  if (node.type === 'atomic' || node.type === 'final') return 1;
  return node.children.reduce((n, c) => n + leafCount(c), 0);
}

/** A machine read into a `Statechart`, or a `Statechart` passed through as it is. */
export function asStatechart(source: { readonly root: object } | Statechart): Statechart {
  return 'nodes' in source && 'parents' in source ? (source as Statechart) : readStatechart(source);
}
