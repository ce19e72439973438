import type { AnyStateMachine } from 'xstate';
import { contextLayout, layoutAssigner, type LayoutAssigner } from './contextMerger.ts';
import type { TransitionRef } from '../search/TransitionSystem.ts';
import type { TransitionWrap } from '../model/auxiliaryAudit.ts';
import type { SNode, STransition } from './microstep.ts';
import { compileGuard, type CompiledGuard, type GuardWrap } from './compileGuard.ts';
import { compileAction, type ActionOp, type Assignment, type AssignWrap } from './compileAction.ts';
import { CompileRefusal } from './CompileRefusal.ts';
import type { InputOp, PlanOp } from './Configuration.ts';
import { initialContextOf } from './initialContext.ts';
import { isTimerCancel, isTimerStart } from '../adapter/environment.ts';

export { CompileRefusal } from './CompileRefusal.ts';
export type { Assignment } from './compileAction.ts';

/** A state node as the compiled path reads it from xstate (a subset of its StateNode). */
export interface XNode extends SNode {
  readonly parent?: XNode;
  readonly states: Readonly<Record<string, XNode>>;
  readonly transitions: ReadonlyMap<string, readonly XTransition[]>;
  readonly always?: readonly XTransition[];
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly invoke: readonly { readonly id: string; readonly src: string; readonly onSnapshot?: unknown; readonly input?: unknown }[];
  readonly after: readonly { readonly eventType: string }[];
  readonly tags?: readonly string[];
  readonly output?: unknown;
  readonly meta?: unknown;
}

interface XTransition extends STransition {
  readonly source: XNode;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
}

/** One transition as the compiled path runs it. */
export interface CTransition {
  /** Its number in the machine (`CompiledMachine.transitions`). */
  readonly uid: number;
  /** xstate's own definition (source, target, reenter), for the structure of a step (`microstepShape`). */
  readonly def: XTransition;
  readonly source: CNode;
  readonly guard: CompiledGuard | undefined;
  /** Its actions in order. */
  readonly actions: readonly ActionOp[];
  /** Its assigns in order, when assigns are all it runs (other actions only act outside); undefined otherwise. */
  readonly assigns: readonly Assignment[] | undefined;
  /** The same update fused with the merge (`layoutAssigner`), when the only assign is the property form on the layout's keys. */
  readonly layoutAssign: LayoutAssigner | undefined;
  /** True when it has actions of any kind (xstate's `can()` counts them). */
  readonly hasActions: boolean;
  /** True when it names a target (xstate's `can()`); targetless transitions keep the configuration. */
  readonly hasTarget: boolean;
  /** The transition as the chart declares it (for coverage), and that alone in a list. */
  readonly ref: TransitionRef;
  readonly refs: readonly TransitionRef[];
  /**
   * The top-level region whose states alone decide what taking it does (it exits and enters
   * states of that region only, and the region holds no history state), or -1. Its plans are
   * then kept per configuration of that region (`localPlans`), not per configuration of the
   * whole machine.
   */
  readonly localRegion: number;
  /** Per configuration of the region (its leaf, or its leaves as text), the plan, or null where the step is planned whole. */
  readonly localPlans: Map<number | string, LocalPlan | null>;
  /**
   * Per leaf of the region, by node number, once a configuration with it was planned: the leaf
   * the step moves the region to when that is all it does besides assigning (a plain move of
   * one leaf, for `compiledSystem`'s fast path), else -1; -2 where not planned yet. Made with
   * the first such plan.
   */
  localMoves: Int32Array | undefined;
}

/** What taking a region-local transition does, for one configuration of its region (see `planStep`). */
export interface LocalPlan {
  /** The transition, alone in a list (a plan's `taken`). */
  readonly taken: readonly CTransition[];
  readonly ops: readonly PlanOp[];
  readonly simple: boolean;
  readonly changes: boolean;
  readonly fault: string | undefined;
  /** The region's active leaves after the step. */
  readonly leaves: readonly number[];
}

/** One state node of the compiled machine. */
export interface CNode {
  /** xstate's document order: the root is 0. */
  readonly index: number;
  readonly node: XNode;
  readonly id: string;
  readonly type: XNode['type'];
  readonly parent: CNode | undefined;
  /** This node, then its ancestors up to the root (the order xstate looks for handlers in). */
  readonly path: readonly CNode[];
  /** Index of the top-level region it lies in (the root's children for a parallel root; 0 for a compound root; -1 for the root). */
  readonly region: number;
  readonly entry: readonly ActionOp[];
  readonly exit: readonly ActionOp[];
  /** The actions of its initial transition (run when it is entered by default). */
  readonly initialActions: readonly ActionOp[];
  /** The `input` functions of the actors it invokes, which xstate calls when it enters the node (for actors it has logic for). */
  readonly inputs: readonly InputOp[];
  readonly always: readonly CTransition[];
  /** Its handlers by event descriptor (exact, `*` or `prefix.*`), in declaration order. */
  readonly on: ReadonlyMap<string, readonly CTransition[]>;
  /** The candidates for one event type as xstate orders them (exact descriptor first, then wildcards, longest first); filled as met. */
  readonly candidates: Map<string, readonly CTransition[]>;
  /** For a leaf, per event type, its candidates then its ancestors' below the root (`handlersOf`); filled as met. */
  readonly chains: Map<string, readonly CTransition[]>;
}

export interface CompiledMachine {
  readonly machine: AnyStateMachine;
  readonly parallelRoot: boolean;
  /** Region names (the root's children for a parallel root; the root key otherwise). */
  readonly regions: readonly string[];
  /** Every state node by its document order (history nodes included: they are never active). */
  readonly nodes: readonly CNode[];
  readonly root: CNode;
  /** Every transition by its `uid`. */
  readonly transitions: readonly CTransition[];
  /** The initial context (a context factory's result for the input, computed once). */
  readonly initialContext: Record<string, unknown>;
  /** The machine's input (the model's `input`), which the initial event carries. */
  readonly input: unknown;
  /** Its layout, the keys every context of the compiled path is written in (`contextLayout`); undefined for a layout no generated code can hold. */
  readonly layout: readonly string[] | undefined;
  /** An action met as a step runs (enqueued by `enqueueActions`), resolved as the machine's own are. */
  actionAt(action: unknown, where: string): ActionOp;
  /** A guard met as a step runs (`enqueueActions`' `check`), resolved as the machine's own are; kept per guard. */
  guardAt(guard: unknown): CompiledGuard;
}

/**
 * Compiles an xstate machine into tables the compiled path steps directly: state nodes by
 * document order, their handlers per event descriptor, entry, exit and initial actions, with
 * guards and actions resolved to the model's own functions under xstate's rules (`compileGuard`,
 * `compileAction`). The structure of each step (exit and entry sets, history, done events) is
 * xstate's algorithm (`microstepShape`), worked out per configuration by the compiled system.
 * What it cannot run is refused with a `CompileRefusal` naming the construct. `wrap`, when
 * given, stands between the path and each user guard and assign (the auxiliary audit of
 * `--check-determinism`).
 */
export function compileMachine(machine: AnyStateMachine, wrap?: TransitionWrap, input?: unknown): CompiledMachine {
  const root = machine.root as unknown as XNode;
  const parallelRoot = root.type === 'parallel';
  const impl = machine.implementations as unknown as { guards: Record<string, unknown>; actions: Record<string, unknown>; actors: Record<string, unknown> };
  // xstate resolves an invoke's input only when it has the actor's logic (`resolveSpawn`)
  const hasLogic = (src: string) => src.startsWith('xstate.invoke.') || impl.actors[src] !== undefined;
  const initialContext = initialContextOf(machine, input);
  const layout = contextLayout(initialContext);
  const guardWrap = (where: string): GuardWrap | undefined => (wrap ? (fn) => wrap.guard(fn, where) as never : undefined);
  const assignWrap: AssignWrap | undefined = wrap ? (fn, where) => wrap.assign(fn as never, where) as Assignment : undefined;
  const actionsOf = (list: readonly unknown[], where: string): ActionOp[] =>
    list.map((a) => {
      const op = compileAction(a, impl.actions, where, assignWrap);
      if (op.kind === 'unsupported') throw new CompileRefusal(op.construct);
      return op;
    });

  const xnodes: XNode[] = [];
  const walk = (n: XNode): void => {
    if (n.order !== xnodes.length) throw new CompileRefusal(`a state node '${n.id}' out of document order`);
    xnodes.push(n);
    for (const c of Object.values(n.states)) walk(c);
  };
  walk(root);
  const regionRoots = parallelRoot ? Object.values(root.states).filter((c) => c.type !== 'history') : [];
  const regionOf = (n: XNode): number => {
    if (n === root) return -1;
    if (!parallelRoot) return 0;
    let top = n;
    while (top.parent !== root) top = top.parent!;
    return Math.max(0, regionRoots.indexOf(top));
  };

  const nodes: CNode[] = [];
  const transitions: CTransition[] = [];
  // Per region of a parallel root, whether it holds a history state (its steps then change the history too).
  const withHistory = new Set<number>();
  for (const n of xnodes) if (n.type === 'history') withHistory.add(regionOf(n));
  /** The region a transition stays in (see `CTransition.localRegion`), or -1. */
  const localRegionOf = (t: XTransition, source: CNode): number => {
    const r = source.region;
    if (!parallelRoot || r < 0 || withHistory.has(r)) return -1;
    const targets = (t.target ?? []) as readonly XNode[];
    if (targets.some((x) => x.type === 'history' || regionOf(x) !== r)) return -1;
    // Its domain (the state whose descendants it exits) must lie in the region: xstate takes the
    // least common ancestor from the first target's proper ancestors, so a target that is the
    // region's root, or a reentering transition from the region's root, has the machine's root
    // as its domain and exits every region.
    if (targets.some((x) => x === regionRoots[r]) || (t.reenter && targets.length > 0 && source.node === regionRoots[r])) return -1;
    return r;
  };
  for (const n of xnodes) {
    const where = `state '${n.id}'`;
    const parent = n.parent ? nodes[n.parent.order] : undefined;
    const c: CNode = {
      index: n.order,
      node: n,
      id: n.id,
      type: n.type,
      parent,
      path: [],
      region: regionOf(n),
      // the timers of delayed transitions (xstate adds a delayed raise on entry and its
      // cancellation on exit): the environment takes their place (adapter/environment.ts)
      entry: actionsOf(n.entry.filter((a) => !isTimerStart(a, n)), `the entry actions of ${where}`),
      exit: actionsOf(n.exit.filter((a) => !isTimerCancel(a, n)), `the exit actions of ${where}`),
      initialActions: n.type === 'compound' ? actionsOf(n.initial.actions, `the initial transition of ${where}`) : [],
      inputs: n.invoke.flatMap((inv) => (typeof inv.input === 'function' && hasLogic(inv.src) ? [{ kind: 'input' as const, input: inv.input as InputOp['input'], where: `the input of the actor '${inv.id}' invoked in ${where}` }] : [])),
      always: [],
      on: new Map(),
      candidates: new Map(),
      chains: new Map(),
    };
    (c as { path: readonly CNode[] }).path = parent ? [c, ...parent.path] : [c];
    nodes.push(c);
  }

  const compile = (t: XTransition, source: CNode, event: string, candidate: number): CTransition => {
    const where = event === '' ? `an always transition of state '${source.id}'` : `the ${event} transition of state '${source.id}'`;
    const actions = actionsOf(t.actions, where);
    const onlyAssigns = actions.every((a) => a.kind === 'assign' || a.kind === 'outside');
    const assigns = onlyAssigns ? actions.flatMap((a) => (a.kind === 'assign' ? [a.run] : [])) : undefined;
    const assignOps = actions.filter((a) => a.kind === 'assign');
    const only = onlyAssigns && assignOps.length === 1 ? assignOps[0]! : undefined;
    const layoutAssign = !wrap && only?.kind === 'assign' && only.entries && layout ? layoutAssigner(layout, only.entries) : undefined;
    const ref = Object.freeze({ source: source.id, event, candidate });
    const guard = t.guard === undefined ? undefined : compileGuard(t.guard, impl.guards, guardWrap(where));
    const ct: CTransition = {
      localRegion: localRegionOf(t, source),
      localPlans: new Map(),
      localMoves: undefined,
      uid: transitions.length,
      def: t,
      source,
      guard,
      actions,
      assigns,
      layoutAssign,
      hasActions: t.actions.length > 0,
      hasTarget: t.target !== undefined,
      ref,
      refs: Object.freeze([ref]),
    };
    transitions.push(ct);
    return ct;
  };
  for (const c of nodes) {
    const on = c.on as Map<string, readonly CTransition[]>;
    for (const [descriptor, list] of c.node.transitions) on.set(descriptor, list.map((t, i) => compile(t, c, descriptor, i)));
    (c as { always: readonly CTransition[] }).always = (c.node.always ?? []).map((t, i) => compile(t, c, '', i));
  }
  // by name, or by identity (a WeakMap: an enqueueActions body may make a new guard each call)
  const namedGuards = new Map<string, CompiledGuard>();
  const guardObjects = new WeakMap<object, CompiledGuard>();
  return {
    machine,
    actionAt: (action, where) => compileAction(action, impl.actions, where, assignWrap),
    guardAt(guard) {
      const known = typeof guard === 'string' ? namedGuards.get(guard) : typeof guard === 'object' || typeof guard === 'function' ? guardObjects.get(guard as object) : undefined;
      if (known) return known;
      const g = compileGuard(guard, impl.guards, guardWrap('a guard checked by enqueueActions'));
      if (typeof guard === 'string') namedGuards.set(guard, g);
      else if (typeof guard === 'object' || typeof guard === 'function') guardObjects.set(guard as object, g);
      return g;
    },
    parallelRoot,
    regions: parallelRoot ? regionRoots.map((r) => r.key) : [root.key],
    nodes,
    root: nodes[0]!,
    transitions,
    initialContext,
    input,
    layout,
  };
}

/**
 * The transitions one state node offers for an event type, in xstate's order (`getCandidates`):
 * the exact descriptor's first, then those of matching wildcard descriptors (`*`, `prefix.*`),
 * longer descriptors first. Cached on the node.
 */
export function candidatesOf(node: CNode, type: string): readonly CTransition[] {
  return node.candidates.get(type) ?? firstCandidatesOf(node, type);
}

/** `candidatesOf` the first time, kept. Apart: its closures capture `type`, which would make V8 allocate `candidatesOf`'s scope on every call. */
function firstCandidatesOf(node: CNode, type: string): readonly CTransition[] {
  const exact = node.on.get(type) ?? [];
  const wild = [...node.on.keys()].filter((d) => d !== type && matchesDescriptor(type, d)).sort((a, b) => b.length - a.length);
  const list = wild.length === 0 ? exact : [...exact, ...wild.flatMap((d) => node.on.get(d)!)];
  node.candidates.set(type, list);
  return list;
}

/** xstate's `matchesEventDescriptor`: exact, `*`, or a partial descriptor `a.b.*`. */
function matchesDescriptor(type: string, descriptor: string): boolean {
  if (descriptor === type || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const parts = descriptor.split('.');
  const tokens = type.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '*') return i === parts.length - 1;
    if (parts[i] !== tokens[i]) return false;
  }
  return true;
}
