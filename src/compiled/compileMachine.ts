import type { AnyStateMachine } from 'xstate';
import { contextLayout, layoutAssigner, type LayoutAssigner } from './contextMerger.ts';
import type { TransitionRef } from '../search/TransitionSystem.ts';
import type { TransitionWrap } from '../model/auxiliaryAudit.ts';

/** A state node as the compiled path sees it (a subset of xstate's StateNode). */
interface XNode {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent?: XNode;
  states: Record<string, XNode>;
  transitions: Map<string, XTransition[]>;
  always?: XTransition[];
  entry: unknown[];
  exit: unknown[];
  invoke: unknown[];
  after: unknown[];
  initial?: { target: XNode[] };
  tags?: string[];
}

interface XTransition {
  target?: XNode[];
  source: XNode;
  guard?: unknown;
  actions: unknown[];
}

/** A guard or an assign, resolved to a plain function of `{ context, event }`. */
export type GuardFn = (args: { context: unknown; event: unknown }) => boolean;
export type Assignment = (args: { context: Record<string, unknown>; event: unknown }) => Record<string, unknown>;

export interface CTransition {
  guard: GuardFn | undefined;
  /** Context updates in order (assign actions); other actions are collected by xstate, not run. */
  assigns: readonly Assignment[];
  /**
   * The same update in one function from a layout-shaped context to the next (see
   * `layoutAssigner`), when the only assign is the property form on the layout's keys.
   */
  layoutAssign: LayoutAssigner | undefined;
  /** True when the transition has actions of any kind (xstate's `can()` counts them). */
  hasActions: boolean;
  /** Index of the leaf the region goes to, or -1 for a targetless transition. */
  targetLeaf: number;
  /** The transition as the chart declares it (for coverage), and that alone in a list. */
  ref: TransitionRef;
  refs: readonly TransitionRef[];
}

/** One node of the compiled machine: its handlers and where it sits. */
export interface CNode {
  readonly node: XNode;
  /** Region index (root children for a parallel root; 0 for a compound root). */
  readonly region: number;
  /** Own event handlers, by event type, in xstate's candidate order. */
  readonly on: ReadonlyMap<string, readonly CTransition[]>;
  readonly always: readonly CTransition[];
  /** This node, then its ancestors up to the root (the order xstate looks for handlers in). */
  path: readonly CNode[];
}

export interface CompiledMachine {
  readonly machine: AnyStateMachine;
  readonly parallelRoot: boolean;
  /** Region names (the root's children for a parallel root; the root key otherwise). */
  readonly regions: readonly string[];
  /** Every leaf (atomic or final node), by index. */
  readonly leaves: readonly CNode[];
  /** Leaf indices of the initial configuration, one per region. */
  readonly initialLeaves: readonly number[];
  /** The initial context (a context factory is refused). */
  readonly initialContext: Record<string, unknown>;
  /** Its layout, the keys every context of the compiled path is written in (`contextLayout`); undefined for a layout no generated code can hold. */
  readonly layout: readonly string[] | undefined;
}

/** Why the compiled path cannot take a machine; the reference adapter runs it instead. */
export class CompileRefusal extends Error {
  constructor(readonly construct: string) {
    super(`the compiled path does not support ${construct}`);
    this.name = 'CompileRefusal';
  }
}

function resolveGuard(machine: AnyStateMachine, guard: unknown, where: string): GuardFn | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'function') {
    if ('check' in guard) throw new CompileRefusal(`the built-in guard in ${where} (and/or/not/stateIn)`);
    return guard as GuardFn;
  }
  const name = typeof guard === 'string' ? guard : (guard as { type?: string }).type;
  const impl = name !== undefined ? (machine.implementations.guards as Record<string, unknown>)[name] : undefined;
  if (typeof impl !== 'function' || 'check' in impl) throw new CompileRefusal(`the guard '${String(name)}' in ${where} (not an implemented inline guard)`);
  if (typeof guard === 'object' && guard !== null && 'params' in guard) throw new CompileRefusal(`guard params in ${where}`);
  return impl as GuardFn;
}

/**
 * xstate's property-assigner form, `assign({ count: ({ context }) => context.count + 1 })`, as
 * one function returning the partial context: every property function sees the same arguments,
 * plain values are taken as they are. Generated with `new Function` as one object literal (the
 * keys as JSON string literals), so each partial has a fixed shape; a `__proto__` key, which a
 * literal would take as the prototype, gets the generic loop instead.
 */
function propertyAssigner(entries: readonly (readonly [string, unknown])[]): Assignment {
  if (entries.some(([k]) => k === '__proto__')) {
    return (args) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) out[k] = typeof v === 'function' ? (v as (x: unknown) => unknown)(args) : v;
      return out;
    };
  }
  const values = entries.map(([, v]) => v);
  const literal = entries.map(([k, v], i) => `${JSON.stringify(k)}: ${typeof v === 'function' ? `v[${i}](args)` : `v[${i}]`}`).join(', ');
  return new Function('v', `return function assignProperties(args) { return { ${literal} }; };`)(values) as Assignment;
}

/** A transition's actions: its assigns in order, and the entries of each one in the property form (undefined for the function form). */
function resolveActions(actions: readonly unknown[], where: string): { assigns: Assignment[]; forms: (readonly (readonly [string, unknown])[] | undefined)[]; hasActions: boolean } {
  const assigns: Assignment[] = [];
  const forms: (readonly (readonly [string, unknown])[] | undefined)[] = [];
  for (const a of actions) {
    const type = typeof a === 'function' ? (a as { type?: string }).type : typeof a === 'string' ? a : (a as { type?: string })?.type;
    if (type === 'xstate.assign') {
      const assignment = (a as unknown as { assignment: unknown }).assignment;
      if (typeof assignment === 'function') {
        assigns.push(assignment as Assignment);
        forms.push(undefined);
      } else {
        const entries = Object.entries(assignment as Record<string, unknown>);
        assigns.push(propertyAssigner(entries));
        forms.push(entries);
      }
    } else if (type === 'xstate.raise' || type === 'xstate.sendTo' || type === 'xstate.spawnChild' || type === 'xstate.enqueueActions' || type === 'xstate.stopChild') {
      throw new CompileRefusal(`the ${type} action in ${where}`);
    }
    // any other action is collected by xstate and never run: nothing to do, but it counts for can()
  }
  return { assigns, forms, hasActions: actions.length > 0 };
}

/**
 * Compiles an xstate machine into tables the compiled path steps directly: leaves by index,
 * handlers per node and event type with their guards and assignments resolved to the model's
 * own functions. Supported: a parallel root whose regions hold compound and atomic states (or a
 * compound root), guarded and targetless transitions to states of the same region, `always`
 * transitions, `assign` actions. Anything else is refused with a `CompileRefusal` naming the
 * construct: nested parallel states, history, invoke, delayed transitions, entry/exit actions,
 * wildcard or partial event descriptors, multiple targets or targets in another region,
 * built-in guards, raise/sendTo/spawn. `wrap`, when given, stands between the path and each
 * transition's guard and assigns (the auxiliary audit of `--check-determinism`).
 */
export function compileMachine(machine: AnyStateMachine, wrap?: TransitionWrap): CompiledMachine {
  const root = machine.root as unknown as XNode;
  const parallelRoot = root.type === 'parallel';
  if (root.type !== 'parallel' && root.type !== 'compound') throw new CompileRefusal(`a root state of type ${root.type}`);
  const regionRoots = parallelRoot ? Object.values(root.states) : [root];
  const leaves: CNode[] = [];
  const byNode = new Map<XNode, CNode>();
  const pending: { c: CNode; defs: Map<string, XTransition[]>; always: XTransition[] }[] = [];

  const visit = (node: XNode, region: number): void => {
    const where = `state '${node.id}'`;
    if (node.type === 'history') throw new CompileRefusal(`the history state '${node.id}'`);
    if (node.type === 'parallel' && node !== root) throw new CompileRefusal(`the nested parallel state '${node.id}'`);
    if (node.invoke.length > 0) throw new CompileRefusal(`invoke in ${where}`);
    if (node.after.length > 0) throw new CompileRefusal(`a delayed (after) transition in ${where}`);
    if (node !== root && (node.entry.length > 0 || node.exit.length > 0)) throw new CompileRefusal(`entry/exit actions in ${where}`);
    const c: CNode = { node, region, on: new Map(), always: [], path: [] };
    byNode.set(node, c);
    pending.push({ c, defs: node.transitions, always: node.always ?? [] });
    if (node.type === 'atomic' || node.type === 'final') leaves.push(c);
    for (const child of Object.values(node.states)) visit(child, region);
  };
  if (root.entry.length > 0 || root.exit.length > 0) throw new CompileRefusal('entry/exit actions on the root state');
  const context = (machine.config as { context?: unknown }).context ?? {};
  if (typeof context === 'function') throw new CompileRefusal('a context factory (context as a function of input)');
  if (root.invoke.length > 0) throw new CompileRefusal('invoke on the root state');
  const layout = contextLayout(context as Record<string, unknown>);
  const rootC: CNode = { node: root, region: -1, on: new Map(), always: [], path: [] };
  byNode.set(root, rootC);
  if (parallelRoot) pending.push({ c: rootC, defs: root.transitions, always: root.always ?? [] });
  regionRoots.forEach((r, i) => visit(r, i));

  const leafOf = (target: XNode): number => {
    let n = target;
    while (n.type === 'compound') n = n.initial!.target[0]!;
    if (n.type === 'parallel') throw new CompileRefusal(`the nested parallel state '${n.id}'`);
    return leaves.indexOf(byNode.get(n)!);
  };
  const regionOf = (n: XNode): number => byNode.get(n)!.region;

  const compile = (t: XTransition, where: string, event: string, candidate: number): CTransition => {
    const { assigns, forms, hasActions } = resolveActions(t.actions, where);
    let targetLeaf = -1;
    if (t.target && t.target.length > 0) {
      if (t.target.length > 1) throw new CompileRefusal(`a transition with several targets in ${where}`);
      const target = t.target[0]!;
      if (target === root || (regionOf(t.source) !== regionOf(target) && t.source !== root)) {
        throw new CompileRefusal(`a transition from '${t.source.id}' to '${target.id}' in another region`);
      }
      if (t.source === root) throw new CompileRefusal(`a targeted transition on the root state`);
      targetLeaf = leafOf(target);
    }
    const ref = Object.freeze({ source: t.source.id, event, candidate });
    const guard = resolveGuard(machine, t.guard, where);
    if (wrap) {
      // each guard and assign called through `wrap` (no fused form, which would call them past it)
      const wrapped = assigns.map((a) => wrap.assign(a, where) as Assignment);
      return { guard: guard && (wrap.guard(guard, where) as GuardFn), assigns: wrapped, hasActions, targetLeaf, layoutAssign: undefined, ref, refs: Object.freeze([ref]) };
    }
    const layoutAssign = assigns.length === 1 && forms[0] && layout ? layoutAssigner(layout, forms[0]) : undefined;
    return { guard, assigns, hasActions, targetLeaf, layoutAssign, ref, refs: Object.freeze([ref]) };
  };

  for (const { c, defs, always } of pending) {
    const on = c.on as Map<string, readonly CTransition[]>;
    for (const [descriptor, list] of defs) {
      if (descriptor === '*' || descriptor.endsWith('.*')) throw new CompileRefusal(`the wildcard event descriptor '${descriptor}' in state '${c.node.id}'`);
      if (descriptor.startsWith('xstate.')) throw new CompileRefusal(`the '${descriptor}' transition (onDone/onError) in state '${c.node.id}'`);
      on.set(descriptor, list.map((t, i) => compile(t, `the ${descriptor} transition of state '${c.node.id}'`, descriptor, i)));
    }
    (c as { always: readonly CTransition[] }).always = always.map((t, i) => compile(t, `an always transition of state '${c.node.id}'`, '', i));
  }
  for (const c of byNode.values()) {
    const path: CNode[] = [];
    for (let n: XNode | undefined = c.node; n; n = n.parent) path.push(byNode.get(n)!);
    c.path = path;
  }
  const initialLeaves = regionRoots.map((r) => leafOf(r));
  return { machine, parallelRoot, regions: parallelRoot ? Object.keys(root.states) : [root.key], leaves, initialLeaves, initialContext: context as Record<string, unknown>, layout };
}
