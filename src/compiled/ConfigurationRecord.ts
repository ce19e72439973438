import { matchesState, type EventObject, type StateValue } from 'xstate';
import { canonicalJson } from '../adapter/canonicalJson.ts';
import type { Fingerprint } from '../store/fingerprint.ts';
import type { CNode, CompiledMachine } from './compileMachine.ts';
import type { CompiledSnapshot } from './CompiledSnapshot.ts';
import type { Configuration, Handlers, Plan, Status } from './Configuration.ts';
import { stateChildren, type HistoryValue, type SNode } from './microstep.ts';

/** What a configuration needs from its table to work out its derived parts. */
export interface ConfigurationSource {
  readonly cm: CompiledMachine;
  readonly canTake: (s: CompiledSnapshot, e: EventObject) => boolean;
  /** The node number of a state node id. */
  indexOf(id: string): number;
  /** The text of a history value (see `ConfigurationTable`). */
  historyText(history: HistoryValue): string;
  /** For a flat configuration: its state value, from its leaves (one per region, in region order). */
  flatValue(leaves: readonly number[]): StateValue;
  /** For a flat configuration: the ids of a leaf and its ancestors below the root, from the top; kept per leaf. */
  regionIds(leaf: number): readonly string[];
}

/**
 * One configuration (see `Configuration`). What every step reads (leaves, status, seed, whether
 * it settles) is set when it is made; what only some models or some steps ask for (the state
 * value and its key, the active nodes, tags, its text, handlers, plans) is worked out on first
 * use and kept, so a configuration that the table makes again (a flat one it let go) costs
 * little more than its leaves.
 */
export class ConfigurationRecord implements Configuration {
  alphabet: readonly EventObject[] | undefined = undefined;
  alphabetHandlers: readonly Handlers[] = [];
  environment: Configuration['environment'] = undefined;
  errorTwin: Configuration | undefined = undefined;
  private activeMemo: Uint8Array | undefined;
  private nodesMemo: ReadonlySet<SNode> | undefined;
  private idsMemo: readonly string[] | undefined;
  private valueMemo: StateValue | undefined;
  private valueKeyMemo: string | undefined;
  private suffixMemo: string | undefined;
  private tagsMemo: ReadonlySet<string> | undefined;
  private textMemo: string | undefined;
  private handlersMemo: Map<string, Handlers> | undefined;
  private plansMemo: (Plan | undefined)[] | undefined;
  private setsMemo: Map<string, Plan> | undefined;
  private chainsMemo: readonly (readonly CNode[])[] | undefined;

  constructor(
    private readonly source: ConfigurationSource,
    readonly index: number,
    readonly number: number,
    readonly leaves: readonly number[],
    readonly history: HistoryValue,
    readonly status: Status,
    readonly flat: boolean,
    readonly settles: boolean,
    readonly seed: Fingerprint,
    text: string | undefined,
  ) {
    this.textMemo = text;
  }

  get machine(): CompiledMachine['machine'] {
    return this.source.cm.machine;
  }
  get canTake(): (s: CompiledSnapshot, e: EventObject) => boolean {
    return this.source.canTake;
  }
  get text(): string {
    return (this.textMemo ??= `${this.leaves.join(',')}|${this.source.historyText(this.history)}|${this.status}`);
  }
  get active(): Uint8Array {
    if (this.activeMemo === undefined) {
      const nodes = this.source.cm.nodes;
      const active = new Uint8Array(nodes.length);
      for (const l of this.leaves) for (const n of nodes[l]!.path) active[n.index] = 1;
      this.activeMemo = active;
    }
    return this.activeMemo;
  }
  get activeNodes(): ReadonlySet<SNode> {
    if (this.nodesMemo === undefined) {
      const out = new Set<SNode>();
      for (const l of this.leaves) for (const n of this.source.cm.nodes[l]!.path) out.add(n.node);
      this.nodesMemo = out;
    }
    return this.nodesMemo;
  }
  get activeIds(): readonly string[] {
    if (this.idsMemo === undefined) {
      if (this.number >= 0) {
        // document order: the root, then each region's nodes from the top, region by region
        const ids = [this.source.cm.root.id];
        for (const l of this.leaves) for (const id of this.source.regionIds(l)) ids.push(id);
        this.idsMemo = ids;
      } else this.idsMemo = [...this.activeNodes].sort((a, b) => a.order - b.order).map((n) => n.id);
    }
    return this.idsMemo;
  }
  get value(): StateValue {
    if (this.valueMemo === undefined) {
      if (this.number >= 0) this.valueMemo = this.source.flatValue(this.leaves);
      else this.valueMemo = valueOf(this.source.cm.root, this.active, this.source.cm.nodes);
    }
    return this.valueMemo;
  }
  get valueKey(): string {
    return (this.valueKeyMemo ??= canonicalJson(this.value, 'value'));
  }
  get keySuffix(): string {
    if (this.suffixMemo === undefined) {
      const recorded = Object.keys(this.history);
      let suffix = '';
      if (recorded.length > 0) {
        const ids: Record<string, string[]> = {};
        for (const id of recorded) ids[id] = this.history[id]!.map((n) => n.id);
        suffix = '|' + canonicalJson(ids, 'historyValue');
      }
      if (this.status === 'error') suffix += '|error';
      this.suffixMemo = suffix;
    }
    return this.suffixMemo;
  }
  get tags(): ReadonlySet<string> {
    if (this.tagsMemo === undefined) {
      const tags = new Set<string>();
      for (const n of this.activeNodes) for (const t of (n as { tags?: readonly string[] }).tags ?? []) tags.add(t);
      this.tagsMemo = tags;
    }
    return this.tagsMemo;
  }
  get alwaysChains(): readonly (readonly CNode[])[] {
    return (this.chainsMemo ??= this.leaves.map((l) => this.source.cm.nodes[l]!.path.filter((n) => n.always.length > 0)));
  }
  get handlers(): Map<string, Handlers> {
    return (this.handlersMemo ??= new Map());
  }
  get plans(): (Plan | undefined)[] {
    return (this.plansMemo ??= []);
  }
  get plansOfSets(): Map<string, Plan> {
    return (this.setsMemo ??= new Map());
  }
  matches(partial: StateValue): boolean {
    return matchesState(partial, this.value);
  }
  isActive(id: string): boolean {
    return this.active[this.source.indexOf(id)] === 1;
  }
}

/** xstate's state value of the active states (`getStateValue`): a compound's active child by key, every child of a parallel state. */
export function valueOf(node: CNode, active: Uint8Array, nodes: readonly CNode[]): StateValue {
  const children = stateChildren(node.node).map((c) => nodes[c.order]!);
  if (node.type === 'compound') {
    const child = children.find((c) => active[c.index] === 1)!;
    return child.type === 'atomic' || child.type === 'final' ? child.node.key : { [child.node.key]: valueOf(child, active, nodes) };
  }
  const value: Record<string, StateValue> = {};
  if (node.type === 'parallel') for (const child of children) value[child.node.key] = valueOf(child, active, nodes);
  return value;
}
