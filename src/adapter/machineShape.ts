import type { AnyStateMachine } from 'xstate';
import type { AnySnapshot } from '../model/defineModel.ts';

interface NodeLike {
  type: string;
  history?: unknown;
  parent?: NodeLike;
  transitions: Map<string, { source: NodeLike; target?: readonly NodeLike[] }[]>;
  states: Record<string, NodeLike>;
}

function isWithin(node: NodeLike, ancestor: NodeLike): boolean {
  for (let n: NodeLike | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/**
 * True when taking the transition surely changes the configuration: its source sits in a
 * compound (exclusive) parent and every target lies in a sibling's subtree, so the source is
 * exited and something else entered. Self-loops, re-entries, targetless transitions, targets
 * in other parallel regions and history targets (which may lead back to the source) are not
 * sure.
 */
function surelyChanges(def: { source: NodeLike; target?: readonly NodeLike[] }): boolean {
  const parent = def.source.parent;
  if (!parent || parent.type !== 'compound' || !def.target || def.target.length === 0) return false;
  return def.target.every((t) => isWithin(t, parent) && t !== parent && !isWithin(t, def.source) && t.type !== 'history');
}

/**
 * A predicate on event types: true when some state node has a transition for that type
 * (exact descriptor, `prefix.*` or `*`) that may leave the configuration as it was (see
 * `surelyChanges`). Only those events can be taken while xstate hands back the very same
 * snapshot, so only they need xstate's `can()` to tell a self-loop from a blocked or
 * forbidden transition.
 */
export function eventsThatMayKeepConfiguration(machine: AnyStateMachine): (type: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const walk = (node: NodeLike): void => {
    for (const [descriptor, defs] of node.transitions) {
      if (defs.every(surelyChanges)) continue;
      if (descriptor === '*') prefixes.push('');
      else if (descriptor.endsWith('.*')) prefixes.push(descriptor.slice(0, -1));
      else exact.add(descriptor);
    }
    for (const child of Object.values(node.states ?? {})) walk(child);
  };
  walk(machine.root as unknown as NodeLike);
  return (type) => exact.has(type) || prefixes.some((p) => type.startsWith(p));
}

/** True when two snapshots have the same active state nodes (same configuration). */
export function sameNodes(a: AnySnapshot, b: AnySnapshot): boolean {
  const x = (a as unknown as { _nodes: readonly unknown[] })._nodes;
  const y = (b as unknown as { _nodes: readonly unknown[] })._nodes;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
