import type { CNode, CTransition, CompiledMachine } from './compileMachine.ts';
import type { Configuration, Plan, PlanOp } from './Configuration.ts';
import type { ConfigurationTable } from './ConfigurationTable.ts';
import { microstepShape, type MicrostepShape, type SNode, type STransition } from './microstep.ts';

/**
 * The plan of one microstep from `from` taking `transitions` (selected in xstate's order): the
 * ops to run on the context, in order, and the configuration it leads to. A function of the
 * configuration and the transitions alone, so the compiled system keeps it per configuration.
 */
export function planStep(cm: CompiledMachine, table: ConfigurationTable, from: Configuration, transitions: readonly CTransition[]): Plan {
  const t = transitions[0]!;
  if (transitions.length === 1 && t.localRegion >= 0) return planLocal(cm, table, from, t);
  const byDef = new Map<STransition, CTransition>(transitions.map((x) => [x.def, x]));
  const shape = microstepShape(from.activeNodes, from.history, transitions.map((x) => x.def));
  return planOf(cm, table, shape, shape.taken.map((d) => byDef.get(d)!), from);
}

/**
 * The plan of a transition that stays in one top-level region (`CTransition.localRegion`): what
 * it does depends on that region's active leaves alone, so it is worked out once per
 * configuration of the region and placed into each configuration of the machine met with it
 * (the other regions' leaves kept). Not where entering a final state may complete the machine,
 * which depends on the other regions: that step is planned whole.
 */
function planLocal(cm: CompiledMachine, table: ConfigurationTable, from: Configuration, t: CTransition): Plan {
  const r = t.localRegion;
  const key = from.flat ? from.leaves[r]! : from.leaves.filter((l) => cm.nodes[l]!.region === r).join(',');
  let local = t.localPlans.get(key);
  if (local === undefined) {
    const shape = microstepShape(from.activeNodes, from.history, [t.def]);
    const plan = planOf(cm, table, shape, shape.taken.length > 0 ? [t] : [], from);
    const root = cm.root.node;
    const completes = (f: SNode) => {
      let m = f.parent?.type === 'parallel' ? f.parent : f.parent?.parent;
      while (m?.type === 'parallel' && m !== root) m = m.parent;
      return m === root || m === undefined;
    };
    const cacheable = !shape.done && !shape.entered.some((e) => e.node.type === 'final' && completes(e.node));
    local = cacheable ? { taken: [t], ops: plan.ops, simple: plan.simple, changes: structuralChange(cm, shape), fault: plan.fault, leaves: plan.target.leaves.filter((l) => cm.nodes[l]!.region === r) } : null;
    t.localPlans.set(key, local);
    if (from.flat) (t.localMoves ??= new Int32Array(cm.nodes.length).fill(-2))[key as number] = local !== null && local.simple && local.fault === undefined && local.leaves.length === 1 ? local.leaves[0]! : -1;
    return plan;
  }
  if (local === null) {
    const shape = microstepShape(from.activeNodes, from.history, [t.def]);
    return planOf(cm, table, shape, shape.taken.length > 0 ? [t] : [], from);
  }
  const target = local.fault
    ? from
    : from.number >= 0 && local.leaves.length === 1
      ? table.move(from, r, local.leaves[0]!)
      : table.of(mergeLeaves(cm, from.leaves, r, local.leaves), from.history, 'active');
  return { taken: local.taken, refs: t.refs, ops: local.ops, simple: local.simple, target, changes: local.changes || !sameConfiguration(target, from), fault: local.fault };
}

/** Whether two configurations are the same (a flat one may be made again after the table let it go: the same number then). */
function sameConfiguration(a: Configuration, b: Configuration): boolean {
  return a === b || (a.number >= 0 && a.number === b.number);
}

/** The leaves of `leaves` outside region `r`, with `mine` in its place, in document order. */
function mergeLeaves(cm: CompiledMachine, leaves: readonly number[], r: number, mine: readonly number[]): number[] {
  if (mine.length === 1 && leaves.length === cm.regions.length && cm.nodes[leaves[r]!]!.region === r) {
    const out = leaves.slice();
    out[r] = mine[0]!;
    return out;
  }
  const out = leaves.filter((l) => cm.nodes[l]!.region !== r);
  out.push(...mine);
  return out.sort((a, b) => a - b);
}

/** Whether xstate's snapshot changes whatever the configuration does: states with actors or history exited or entered, or the machine done. */
function structuralChange(cm: CompiledMachine, shape: MicrostepShape<STransition>): boolean {
  const node = (n: SNode): CNode => cm.nodes[n.order]!;
  const hasInvoke = (n: SNode) => node(n).node.invoke.length > 0;
  const hasHistory = (n: SNode) => Object.values(n.states).some((c) => c.type === 'history');
  return shape.done || shape.exited.some((n) => hasInvoke(n) || hasHistory(n)) || shape.entered.some((e) => hasInvoke(e.node));
}

/** The plan of the machine's first microstep: the root and its initial states entered (xstate's `initialMicrostep`). */
export function planInitial(cm: CompiledMachine, table: ConfigurationTable): Plan {
  const root = cm.root.node;
  const initial: STransition = { source: root, target: [...initialNodes(root)], reenter: true };
  const shape = microstepShape(new Set([root]), {}, [initial], true);
  return planOf(cm, table, shape, [], undefined);
}

function planOf(cm: CompiledMachine, table: ConfigurationTable, shape: MicrostepShape<STransition>, taken: readonly CTransition[], from: Configuration | undefined): Plan {
  const node = (n: SNode): CNode => cm.nodes[n.order]!;
  const ops: PlanOp[] = [];
  for (const s of shape.exited) {
    const c = node(s);
    ops.push(...c.exit);
    if (c.node.invoke.length > 0) ops.push({ kind: 'stop', ids: c.node.invoke.map((i) => i.id) });
  }
  // ops other than the transitions' own actions: exit, entry and initial actions, done events
  let structural = ops.length;
  for (const t of taken) ops.push(...t.actions);
  for (const e of shape.entered) {
    const c = node(e.node);
    const before = ops.length;
    // its actors (xstate spawns them after its entry actions, which may already send to them)
    if (c.node.invoke.length > 0) ops.push({ kind: 'spawn', ids: c.node.invoke.map((i) => i.id) });
    ops.push(...c.entry);
    ops.push(...c.inputs);
    if (e.byDefault) ops.push(...c.initialActions);
    for (const d of e.done) ops.push({ kind: 'done', id: d.id, final: d.final ? node(d.final) : undefined });
    if (e.completes) ops.push({ kind: 'output', completion: node(e.completes) });
    structural += ops.length - before;
  }
  if (shape.done) {
    const before = ops.length;
    for (const s of shape.exitedOnDone) ops.push(...node(s).exit);
    structural += ops.length - before;
  }
  // an inconsistent step leads nowhere: taking it is a model error (the compiled system raises it)
  const target = shape.fault ? (from ?? table.ofActive(shape.active, shape.history, 'active')) : table.ofActive(shape.active, shape.history, shape.done ? 'done' : 'active');
  const simple = structural === 0 && taken.every((t) => t.assigns !== undefined);
  const changes = from === undefined || !sameConfiguration(target, from) || structuralChange(cm, shape);
  return { taken, refs: taken.map((t) => t.ref), ops, simple: simple && !shape.fault, target, changes, fault: shape.fault };
}

/** The states a machine enters first, root included (xstate's `getInitialStateNodes`). */
function initialNodes(root: SNode): Set<SNode> {
  const out = new Set<SNode>();
  const visit = (n: SNode): void => {
    if (out.has(n)) return;
    out.add(n);
    if (n.type === 'compound') visit(n.initial.target[0]!);
    else if (n.type === 'parallel') for (const c of Object.values(n.states)) if (c.type !== 'history') visit(c);
  };
  visit(root);
  return out;
}
