// The structural part of one xstate microstep (SCXML's microstep procedure as xstate v5 runs it,
// `stateUtils.ts`): which transitions survive conflict removal, which states are exited and
// entered and in what order, what history records, which done events are raised and whether the
// machine completes. It depends only on the active states, the history and the transitions, never
// on the context, so the compiled engine works it out once per configuration and transition set
// and keeps the result. Written over xstate's own state node objects (`machine.root` and below):
// the fields read here are the ones xstate's algorithm reads.

/** The parts of an xstate StateNode read here. */
export interface SNode {
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly parent?: SNode;
  /** Document order: the root is 0, children after their parent, siblings in declaration order. */
  readonly order: number;
  readonly states: Readonly<Record<string, SNode>>;
  readonly history: false | 'shallow' | 'deep';
  /** The initial transition of a compound node. */
  readonly initial: { readonly target: readonly SNode[]; readonly actions: readonly unknown[] };
  readonly config: { readonly target?: unknown };
  readonly machine: { readonly root: SNode; getStateNodeById(id: string): SNode };
}

/** The parts of an xstate transition definition read here. */
export interface STransition {
  readonly source: SNode;
  readonly target?: readonly SNode[] | undefined;
  readonly reenter?: boolean;
}

/** Per history node id, the states it recorded, in document order. */
export type HistoryValue = Readonly<Record<string, readonly SNode[]>>;

const byOrder = (a: SNode, b: SNode) => a.order - b.order;

/** True when `node` lies strictly inside `ancestor`. */
export function isDescendant(node: SNode, ancestor: SNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The ancestors of `node` from its parent up, stopping before `upTo` (the root's chain when absent). */
function properAncestors(node: SNode, upTo: SNode | undefined): SNode[] {
  const out: SNode[] = [];
  if (node === upTo) return out;
  for (let n = node.parent; n && n !== upTo; n = n.parent) out.push(n);
  return out;
}

/** The children of a node that are states (history pseudo-states are not). */
export function stateChildren(node: SNode): SNode[] {
  return Object.values(node.states).filter((c) => c.type !== 'history');
}

/** Whether `node` is in a final state given the active set: xstate's `isInFinalState`. */
export function isInFinalState(active: ReadonlySet<SNode>, node: SNode): boolean {
  if (node.type === 'compound') return stateChildren(node).some((c) => c.type === 'final' && active.has(c));
  if (node.type === 'parallel') return stateChildren(node).every((c) => isInFinalState(active, c));
  return node.type === 'final';
}

/** A state path relative to `from` ('a.b'), or a '#id' reference. */
function nodeAt(from: SNode, path: string): SNode {
  if (path.startsWith('#')) return from.machine.getStateNodeById(path);
  let n = from;
  for (const key of path.split('.')) {
    if (key === '') break;
    const next = n.states[key];
    if (!next) throw new Error(`Child state '${key}' does not exist on '${n.id}'`);
    n = next;
  }
  return n;
}

/** Where a history node leads when it has recorded nothing: its own target, else its parent's initial state. */
export function historyDefault(h: SNode): { readonly target: readonly SNode[]; readonly parentInitial: boolean } {
  const parent = h.parent!;
  const t = h.config.target;
  if (t === undefined || t === '') {
    if (parent.type === 'parallel') return { target: [parent], parentInitial: false };
    return { target: parent.initial.target, parentInitial: true };
  }
  const list = Array.isArray(t) ? t : [t];
  return { target: list.map((x) => (typeof x === 'string' ? nodeAt(parent, x) : (x as SNode))), parentInitial: false };
}

function effectiveTargets(t: STransition, history: HistoryValue): SNode[] {
  if (!t.target) return [];
  const out = new Set<SNode>();
  for (const target of t.target) {
    if (target.type !== 'history') out.add(target);
    else if (history[target.id]) for (const n of history[target.id]!) out.add(n);
    else for (const n of effectiveTargets({ source: t.source, target: historyDefault(target).target }, history)) out.add(n);
  }
  return [...out];
}

function leastCommonAncestor(nodes: readonly SNode[]): SNode | undefined {
  const [head, ...tail] = nodes;
  for (const a of properAncestors(head!, undefined)) if (tail.every((n) => isDescendant(n, a))) return a;
  return undefined;
}

/** The transition's domain: the state whose descendants it exits (undefined: above the root). */
function transitionDomain(t: STransition, history: HistoryValue): SNode | undefined {
  const targets = effectiveTargets(t, history);
  if (!t.reenter && targets.every((x) => x === t.source || isDescendant(x, t.source))) return t.source;
  const lca = leastCommonAncestor(targets.concat(t.source));
  if (lca) return lca;
  if (t.reenter) return undefined;
  return t.source.machine.root;
}

/** The states the transitions exit, in the order xstate lists them (unsorted). */
function exitSetOf(ts: readonly STransition[], active: ReadonlySet<SNode>, history: HistoryValue): SNode[] {
  const out = new Set<SNode>();
  for (const t of ts) {
    if (!t.target || t.target.length === 0) continue;
    const domain = transitionDomain(t, history);
    if (t.reenter && t.source === domain) out.add(domain);
    for (const n of active) if (domain === undefined || isDescendant(n, domain)) out.add(n);
  }
  return [...out];
}

/**
 * Conflict removal: of two transitions whose exit sets meet, the one from the deeper source wins
 * when it lies inside the other's source, otherwise the one met first (xstate's order).
 */
export function removeConflicting<T extends STransition>(ts: readonly T[], active: ReadonlySet<SNode>, history: HistoryValue): T[] {
  if (ts.length < 2) return [...ts];
  const kept = new Set<T>();
  const exits = new Map<T, Set<SNode>>();
  const exitOf = (t: T) => {
    let s = exits.get(t);
    if (!s) exits.set(t, (s = new Set(exitSetOf([t], active, history))));
    return s;
  };
  for (const t1 of ts) {
    let preempted = false;
    const drop: T[] = [];
    for (const t2 of kept) {
      const a = exitOf(t1);
      if ([...exitOf(t2)].some((n) => a.has(n))) {
        if (isDescendant(t1.source, t2.source)) drop.push(t2);
        else {
          preempted = true;
          break;
        }
      }
    }
    if (preempted) continue;
    for (const t of drop) kept.delete(t);
    kept.add(t1);
  }
  return [...kept];
}

function addDescendantsToEnter(node: SNode, history: HistoryValue, forDefault: Set<SNode>, toEnter: Set<SNode>): void {
  if (node.type === 'history') {
    const recorded = history[node.id];
    if (recorded) {
      for (const s of recorded) {
        toEnter.add(s);
        addDescendantsToEnter(s, history, forDefault, toEnter);
      }
      for (const s of recorded) addAncestorsToEnter(properAncestors(s, node.parent), history, forDefault, toEnter, undefined);
    } else {
      const d = historyDefault(node);
      for (const s of d.target) {
        toEnter.add(s);
        if (d.parentInitial) forDefault.add(node.parent!);
        addDescendantsToEnter(s, history, forDefault, toEnter);
      }
      for (const s of d.target) addAncestorsToEnter(properAncestors(s, node.parent), history, forDefault, toEnter, undefined);
    }
    return;
  }
  if (node.type === 'compound') {
    const initial = node.initial.target[0]!;
    if (initial.type !== 'history') {
      toEnter.add(initial);
      forDefault.add(initial);
    }
    addDescendantsToEnter(initial, history, forDefault, toEnter);
    addAncestorsToEnter(properAncestors(initial, node), history, forDefault, toEnter, undefined);
  } else if (node.type === 'parallel') {
    for (const child of stateChildren(node)) {
      if ([...toEnter].some((s) => isDescendant(s, child))) continue;
      toEnter.add(child);
      forDefault.add(child);
      addDescendantsToEnter(child, history, forDefault, toEnter);
    }
  }
}

function addAncestorsToEnter(ancestors: readonly SNode[], history: HistoryValue, forDefault: Set<SNode>, toEnter: Set<SNode>, reentrancyDomain: SNode | undefined): void {
  for (const a of ancestors) {
    if (!reentrancyDomain || isDescendant(a, reentrancyDomain)) toEnter.add(a);
    if (a.type !== 'parallel') continue;
    for (const child of stateChildren(a)) {
      if ([...toEnter].some((s) => isDescendant(s, child))) continue;
      toEnter.add(child);
      addDescendantsToEnter(child, history, forDefault, toEnter);
    }
  }
}

function entrySetOf(ts: readonly STransition[], history: HistoryValue, forDefault: Set<SNode>, toEnter: Set<SNode>): void {
  for (const t of ts) {
    const domain = transitionDomain(t, history);
    for (const s of t.target ?? []) {
      if (s.type !== 'history' && (t.source !== s || t.source !== domain || t.reenter)) {
        toEnter.add(s);
        forDefault.add(s);
      }
      addDescendantsToEnter(s, history, forDefault, toEnter);
    }
    for (const s of effectiveTargets(t, history)) {
      const ancestors = properAncestors(s, domain);
      if (domain?.type === 'parallel') ancestors.push(domain);
      addAncestorsToEnter(ancestors, history, forDefault, toEnter, !t.source.parent && t.reenter ? undefined : domain);
    }
  }
}

/** A state entered by a microstep, in entry order, with what entering it does besides its entry actions. */
export interface Entered {
  readonly node: SNode;
  /** Entered by default (not named by a target): its initial transition's actions run. */
  readonly byDefault: boolean;
  /** The done events raised after its entry actions: `xstate.done.state.<id>`, with the final state whose `output` the first one carries. */
  readonly done: readonly { readonly id: string; readonly final?: SNode }[];
  /** Set when entering it completes the machine: the node whose completion completed the root. */
  readonly completes?: SNode;
}

/** What one microstep does to the configuration, in xstate's order. */
export interface MicrostepShape<T extends STransition> {
  /** The transitions taken, after conflict removal, in order (their actions run in this order). */
  readonly taken: readonly T[];
  /** States exited, deepest and latest first (their exit actions run in this order). */
  readonly exited: readonly SNode[];
  readonly entered: readonly Entered[];
  /** The active states after the step. */
  readonly active: ReadonlySet<SNode>;
  readonly history: HistoryValue;
  /** True when the machine reached its top-level final state (status 'done'). */
  readonly done: boolean;
  /** When done, every active state, deepest and latest first: their exit actions run last. */
  readonly exitedOnDone: readonly SNode[];
  /** Set when the step leaves the active states inconsistent, as xstate's own step would (`configurationFault`). */
  readonly fault: string | undefined;
}

/**
 * One microstep's structure: xstate's `microstep` without the actions' effects on context (which
 * the caller runs in the order given). `initial` is the machine's first step, which exits nothing.
 * Pure; `active` and `history` are not modified.
 */
export function microstepShape<T extends STransition>(active: ReadonlySet<SNode>, history: HistoryValue, transitions: readonly T[], initial = false): MicrostepShape<T> {
  const now = new Set(active);
  const taken = removeConflicting(transitions, now, history);
  let exited: SNode[] = [];
  let nextHistory = history;
  if (!initial) {
    exited = exitSetOf(taken, now, history).sort((a, b) => b.order - a.order);
    let changed: Record<string, readonly SNode[]> | undefined;
    for (const s of exited) {
      for (const h of Object.values(s.states)) {
        if (h.type !== 'history') continue;
        const recorded = [...now].filter(h.history === 'deep' ? (n) => (n.type === 'atomic' || n.type === 'final') && isDescendant(n, s) : (n) => n.parent === s);
        (changed ??= { ...history })[h.id] = recorded.sort(byOrder);
      }
    }
    for (const s of exited) now.delete(s);
    nextHistory = changed ?? history;
  }

  const toEnter = new Set<SNode>();
  const forDefault = new Set<SNode>();
  entrySetOf(taken, nextHistory, forDefault, toEnter);
  const root = (taken[0] ?? { source: undefined })?.source?.machine.root;
  if (initial && root) forDefault.add(root);
  const entered: Entered[] = [];
  const completed = new Set<SNode>();
  let done = false;
  for (const node of [...toEnter].sort(byOrder)) {
    now.add(node);
    const events: { id: string; final?: SNode }[] = [];
    let completes: SNode | undefined;
    if (node.type === 'final') {
      const parent = node.parent;
      let marker = parent?.type === 'parallel' ? parent : parent?.parent;
      let completion = marker ?? node;
      if (parent?.type === 'compound') events.push({ id: parent.id, final: node });
      while (marker?.type === 'parallel' && !completed.has(marker) && isInFinalState(now, marker)) {
        completed.add(marker);
        events.push({ id: marker.id });
        completion = marker;
        marker = marker.parent;
      }
      if (!marker) {
        done = true;
        completes = completion;
      }
    }
    entered.push({ node, byDefault: forDefault.has(node), done: events, ...(completes ? { completes } : {}) });
  }
  const exitedOnDone = done ? [...now].sort((a, b) => b.order - a.order) : [];
  return { taken, exited, entered, active: now, history: nextHistory, done, exitedOnDone, fault: configurationFault(now) };
}

/**
 * What is wrong with a set of active states, if anything: an active state whose parent is not
 * active, an active compound state without exactly one active child, an active parallel state
 * with a region that is not active. xstate's own step can leave such a set (for example when a
 * history target and a transition into another region are taken in one microstep); a checker
 * must not go on from it.
 */
export function configurationFault(active: ReadonlySet<SNode>): string | undefined {
  for (const n of active) {
    if (n.parent && !active.has(n.parent)) return `state '${n.id}' is active but its parent '${n.parent.id}' is not`;
    const children = stateChildren(n);
    if (n.type === 'compound') {
      const on = children.filter((c) => active.has(c));
      if (on.length !== 1) return `the compound state '${n.id}' has ${on.length === 0 ? 'no active child' : `${on.length} active children (${on.map((c) => c.key).join(', ')})`}`;
    } else if (n.type === 'parallel') {
      const off = children.find((c) => !active.has(c));
      if (off) return `the parallel state '${n.id}' is active but its region '${off.key}' is not`;
    }
  }
  return undefined;
}
