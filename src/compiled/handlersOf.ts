import { candidatesOf, type CNode, type CTransition, type CompiledMachine } from './compileMachine.ts';
import type { Configuration, Handlers, Selection } from './Configuration.ts';

const NONE: readonly CTransition[] = [];

/**
 * Who may take one event type in one configuration, as xstate's `transitionNode` walks the
 * active states: an atomic state offers its candidates, a compound state its active child's and
 * then its own, a parallel state its regions' and only when none takes the event its own. Where
 * no parallel state below the root is active, the result is flat: one chain per region and the
 * root's own as the fallback.
 */
export function handlersOf(cm: CompiledMachine, config: Configuration, type: string): Handlers {
  if (config.flat) return flatHandlers(cm, config, type);
  const build = (n: CNode): Selection => {
    const own = candidatesOf(n, type);
    if (n.type === 'compound') {
      const child = activeChild(cm, config, n);
      const s = build(child);
      return { chain: own.length === 0 ? s.chain : s.chain.length === 0 ? own : [...s.chain, ...own], parts: s.parts, region: s.region };
    }
    if (n.type === 'parallel') {
      const parts = n.node.states ? Object.values(n.node.states).filter((c) => c.type !== 'history').map((c) => build(cm.nodes[c.order]!)) : [];
      const taking = parts.filter((p) => p.chain.length > 0 || p.parts !== undefined);
      return { chain: own, parts: taking.length > 0 ? taking : undefined, region: n.region };
    }
    return { chain: own, parts: undefined, region: n.region };
  };
  const tree = build(cm.root);
  if (cm.parallelRoot) {
    const parts = tree.parts ?? [];
    if (parts.every((p) => p.parts === undefined)) return { type, lists: parts.map((p) => p.chain), regions: parts.map((p) => p.region), root: tree.chain, tree: undefined };
  } else if (tree.parts === undefined) {
    return { type, lists: tree.chain.length > 0 ? [tree.chain] : [], regions: tree.chain.length > 0 ? [0] : [], root: NONE, tree: undefined };
  }
  return { type, lists: [], regions: [], root: NONE, tree };
}

/**
 * Flat configurations (see `Configuration.flat`): per region, the chain of its leaf (the leaf's
 * candidates, then its ancestors' below the root), kept per leaf and event type; the root's own
 * candidates as the fallback.
 */
function flatHandlers(cm: CompiledMachine, config: Configuration, type: string): Handlers {
  const lists: (readonly CTransition[])[] = [];
  const regions: number[] = [];
  const leaves = config.leaves;
  for (let r = 0; r < leaves.length; r++) {
    const chain = leafChain(cm.nodes[leaves[r]!]!, type);
    if (chain.length > 0) {
      lists.push(chain);
      regions.push(r);
    }
  }
  return { type, lists, regions, root: candidatesOf(cm.root, type), tree: undefined };
}

/** A leaf's candidates for an event type, then its ancestors' up to (not including) the root; kept on the leaf. */
function leafChain(leaf: CNode, type: string): readonly CTransition[] {
  let chain = leaf.chains.get(type);
  if (chain === undefined) {
    const all: CTransition[] = [];
    for (const n of leaf.path) if (n.parent) all.push(...candidatesOf(n, type));
    leaf.chains.set(type, (chain = all.length > 0 ? all : NONE));
  }
  return chain;
}

function activeChild(cm: CompiledMachine, config: Configuration, n: CNode): CNode {
  for (const c of Object.values(n.node.states)) if (config.active[c.order] === 1) return cm.nodes[c.order]!;
  throw new Error(`no active child of the active compound state '${n.id}'`);
}

/** Whether the handlers offer any candidate at all. */
export function offersAny(h: Handlers): boolean {
  return h.lists.length > 0 || h.root.length > 0 || h.tree !== undefined;
}
