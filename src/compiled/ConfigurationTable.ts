import { matchesState, type EventObject, type StateValue } from 'xstate';
import { canonicalJson } from '../adapter/canonicalJson.ts';
import type { Fingerprint } from '../store/fingerprint.ts';
import type { CNode, CompiledMachine } from './compileMachine.ts';
import type { CompiledSnapshot } from './CompiledSnapshot.ts';
import type { Configuration, Status } from './Configuration.ts';
import { isInFinalState, stateChildren, type HistoryValue, type SNode } from './microstep.ts';

/**
 * The configurations of one compiled system, each made once, when first met, and numbered in
 * that order. A configuration is its active leaves, the history its history states recorded and
 * its status; its text (`leaves|history|status`, by node numbers) finds it, in this instance
 * and in another of the same system (the parallel search's wire codec). A flat configuration
 * (one leaf per region, in region order; no history recorded; active) is also found by its
 * leaves' places within their regions read as one number in mixed radix (each region's leaf
 * count), where the product of the counts stays below 2^53: no text is built for it.
 */
export class ConfigurationTable {
  private readonly list: Configuration[] = [];
  private readonly byText = new Map<string, Configuration>();
  private readonly byNumber = new Map<number, Configuration>();
  private readonly hasAlways: boolean;
  /** Per node, its place among its region's leaves; per region, how many leaves it has. */
  private readonly place: number[];
  private readonly regionSizes: number[];
  private readonly numbered: boolean;

  constructor(
    private readonly cm: CompiledMachine,
    private readonly seedOf: (key: string) => Fingerprint,
    private readonly canTake: (s: CompiledSnapshot, e: EventObject) => boolean,
  ) {
    this.hasAlways = cm.nodes.some((n) => n.always.length > 0);
    const regions = Math.max(1, cm.regions.length);
    this.regionSizes = new Array(regions).fill(0);
    this.place = cm.nodes.map((n) => (n.region >= 0 && (n.type === 'atomic' || n.type === 'final') ? this.regionSizes[n.region]!++ : -1));
    this.numbered = this.regionSizes.reduce((p, n) => p * Math.max(1, n), 1) <= Number.MAX_SAFE_INTEGER;
  }

  /** The mixed-radix number of flat leaves (see the class), or -1. */
  private numberOf(leaves: readonly number[], history: HistoryValue, status: Status): number {
    if (!this.numbered || status !== 'active' || leaves.length !== this.regionSizes.length) return -1;
    for (const _ in history) return -1;
    const nodes = this.cm.nodes;
    let id = 0;
    for (let r = 0; r < leaves.length; r++) {
      const l = leaves[r]!;
      if (nodes[l]!.region !== r) return -1;
      id = id * this.regionSizes[r]! + this.place[l]!;
    }
    return id;
  }

  /** The configuration numbered `index`. */
  at(index: number): Configuration {
    return this.list[index]!;
  }

  /** The configuration of these active states (every active node, as xstate lists them), history and status, made the first time. */
  ofActive(active: Iterable<SNode>, history: HistoryValue, status: Status): Configuration {
    const leaves: number[] = [];
    for (const n of active) if (n.type === 'atomic' || n.type === 'final') leaves.push(n.order);
    leaves.sort((a, b) => a - b);
    return this.of(leaves, history, status);
  }

  /** The configuration of these leaves (node indices in document order), history and status, made the first time. */
  of(leaves: readonly number[], history: HistoryValue, status: Status): Configuration {
    const id = this.numberOf(leaves, history, status);
    if (id >= 0) {
      const known = this.byNumber.get(id);
      if (known) return known;
    }
    const text = `${leaves.join(',')}|${this.historyText(history)}|${status}`;
    const c = this.byText.get(text) ?? this.make(text, leaves, history, status);
    if (id >= 0) this.byNumber.set(id, c);
    return c;
  }

  /** The configuration with this text (`Configuration.text`, from any instance of the same system). */
  ofText(text: string): Configuration {
    const known = this.byText.get(text);
    if (known) return known;
    const [leaves, hist, status] = text.split('|') as [string, string, Status];
    const nodes = this.cm.nodes;
    const history: Record<string, SNode[]> = {};
    for (const entry of hist === '' ? [] : hist.split(';')) {
      const [h, list] = entry.split('=') as [string, string];
      history[nodes[Number(h)]!.id] = list === '' ? [] : list.split(',').map((i) => nodes[Number(i)]!.node);
    }
    return this.make(text, leaves.split(',').map(Number), history, status);
  }

  /** The same configuration with status 'error': where an invoked actor's failure that nothing handles leaves the machine. */
  errorTwinOf(c: Configuration): Configuration {
    return (c.errorTwin ??= this.of(c.leaves, c.history, 'error'));
  }

  /** A history value as text: per history state (by node number, in order) the numbers of the states it recorded. */
  private historyText(history: HistoryValue): string {
    const ids = Object.keys(history);
    if (ids.length === 0) return '';
    return ids
      .map((id) => [this.indexOf(id), history[id]!.map((n) => n.order).join(',')] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([h, list]) => `${h}=${list}`)
      .join(';');
  }

  /** The node number of a state node id. */
  private indexOf(id: string): number {
    if (this.byId === undefined) this.byId = new Map(this.cm.nodes.map((n) => [n.id, n.index]));
    return this.byId.get(id) ?? (this.cm.machine.getStateNodeById(`#${id}`) as unknown as SNode).order;
  }
  private byId: Map<string, number> | undefined;

  private make(text: string, leaves: readonly number[], history: HistoryValue, status: Status): Configuration {
    const cm = this.cm;
    const active = new Uint8Array(cm.nodes.length);
    const activeNodes = new Set<SNode>();
    for (const l of leaves) {
      for (const n of cm.nodes[l]!.path) {
        active[n.index] = 1;
        activeNodes.add(n.node);
      }
    }
    const value = valueOf(cm.root, active, cm.nodes);
    const tags = new Set<string>();
    for (const n of activeNodes) for (const t of (n as { tags?: readonly string[] }).tags ?? []) tags.add(t);
    const valueKey = canonicalJson(value, 'value');
    const recorded = Object.keys(history);
    let keySuffix = '';
    if (recorded.length > 0) {
      const ids: Record<string, string[]> = {};
      for (const id of recorded) ids[id] = history[id]!.map((n) => n.id);
      keySuffix = '|' + canonicalJson(ids, 'historyValue');
    }
    if (status === 'error') keySuffix += '|error';
    const alwaysChains = leaves.map((l) => cm.nodes[l]!.path.filter((n) => n.always.length > 0));
    const flat = cm.parallelRoot && leaves.length === cm.regions.length && leaves.every((l, r) => cm.nodes[l]!.region === r);
    const c: Configuration = {
      index: this.list.length,
      text,
      leaves: [...leaves],
      active,
      activeNodes,
      history,
      value,
      valueKey,
      keySuffix,
      status: status === 'active' && isInFinalState(activeNodes, cm.root.node) ? 'done' : status,
      tags,
      handlers: new Map(),
      alphabet: undefined,
      alphabetHandlers: [],
      seed: this.seedOf(valueKey + keySuffix),
      settles: status === 'active' && this.hasAlways && alwaysChains.some((chain) => chain.length > 0),
      alwaysChains,
      flat,
      plans: [],
      plansOfSets: new Map(),
      environment: undefined,
      errorTwin: undefined,
      machine: cm.machine,
      canTake: this.canTake,
      matches: (partial: StateValue) => matchesState(partial, value),
      isActive: (id: string) => active[this.indexOf(id)] === 1,
    };
    this.list.push(c);
    this.byText.set(text, c);
    return c;
  }
}

/** xstate's state value of the active states (`getStateValue`): a compound's active child by key, every child of a parallel state. */
function valueOf(node: CNode, active: Uint8Array, nodes: readonly CNode[]): StateValue {
  const children = stateChildren(node.node).map((c) => nodes[c.order]!);
  if (node.type === 'compound') {
    const child = children.find((c) => active[c.index] === 1)!;
    return child.type === 'atomic' || child.type === 'final' ? child.node.key : { [child.node.key]: valueOf(child, active, nodes) };
  }
  const value: Record<string, StateValue> = {};
  if (node.type === 'parallel') for (const child of children) value[child.node.key] = valueOf(child, active, nodes);
  return value;
}
