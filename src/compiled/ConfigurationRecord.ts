import { matchesState, type EventObject, type StateValue } from 'xstate';
import { canonicalJson } from '../adapter/canonicalJson.ts';
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
 * What a configuration works out only when some model or some step asks (see
 * `ConfigurationRecord`): one object, made on the first such question, so that a configuration
 * that never gets one (most flat ones, made again and again from their number) is small.
 */
class ConfigurationMemo {
  alphabet: readonly EventObject[] | undefined = undefined;
  alphabetHandlers: readonly Handlers[] = [];
  environment: Configuration['environment'] = undefined;
  errorTwin: Configuration | undefined = undefined;
  active: Uint8Array | undefined = undefined;
  nodes: ReadonlySet<SNode> | undefined = undefined;
  ids: readonly string[] | undefined = undefined;
  valueKey: string | undefined = undefined;
  suffix: string | undefined = undefined;
  tags: ReadonlySet<string> | undefined = undefined;
  handlers: Map<string, Handlers> | undefined = undefined;
  plans: (Plan | undefined)[] | undefined = undefined;
  sets: Map<string, Plan> | undefined = undefined;
  chains: readonly (readonly CNode[])[] | undefined = undefined;
}

/**
 * One configuration (see `Configuration`). What every step reads (leaves, status, seed, whether
 * it settles) is set when it is made; the state value, which invariants read of nearly every
 * state, is kept beside them once asked for; what only some models or some steps ask for (the
 * value's key, the active nodes, tags, handlers, plans) is worked out on first use and kept in a
 * `ConfigurationMemo`. A configuration that the table makes again (a flat one it let go) costs
 * little more than its leaves.
 */
export class ConfigurationRecord implements Configuration {
  private valueMemo: StateValue | undefined = undefined;
  private textMemo: string | undefined;
  private memoOf: ConfigurationMemo | undefined = undefined;
  seedHi: number;
  seedLo: number;

  constructor(
    private readonly source: ConfigurationSource,
    readonly index: number,
    readonly number: number,
    readonly leaves: readonly number[],
    readonly history: HistoryValue,
    readonly status: Status,
    readonly flat: boolean,
    readonly settles: boolean,
    seedHi: number,
    seedLo: number,
    text: string | undefined,
  ) {
    this.seedHi = seedHi | 0;
    this.seedLo = seedLo | 0;
    this.textMemo = text;
  }

  private get memo(): ConfigurationMemo {
    return (this.memoOf ??= new ConfigurationMemo());
  }

  get alphabet(): readonly EventObject[] | undefined {
    return this.memoOf?.alphabet;
  }
  set alphabet(list: readonly EventObject[] | undefined) {
    this.memo.alphabet = list;
  }
  get alphabetHandlers(): readonly Handlers[] {
    return this.memo.alphabetHandlers;
  }
  set alphabetHandlers(list: readonly Handlers[]) {
    this.memo.alphabetHandlers = list;
  }
  get environment(): Configuration['environment'] {
    return this.memoOf?.environment;
  }
  set environment(env: Configuration['environment']) {
    this.memo.environment = env;
  }
  get errorTwin(): Configuration | undefined {
    return this.memoOf?.errorTwin;
  }
  set errorTwin(c: Configuration | undefined) {
    this.memo.errorTwin = c;
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
    const memo = this.memo;
    if (memo.active === undefined) {
      const nodes = this.source.cm.nodes;
      const active = new Uint8Array(nodes.length);
      for (const l of this.leaves) for (const n of nodes[l]!.path) active[n.index] = 1;
      memo.active = active;
    }
    return memo.active;
  }
  get activeNodes(): ReadonlySet<SNode> {
    const memo = this.memo;
    if (memo.nodes === undefined) {
      const out = new Set<SNode>();
      for (const l of this.leaves) for (const n of this.source.cm.nodes[l]!.path) out.add(n.node);
      memo.nodes = out;
    }
    return memo.nodes;
  }
  get activeIds(): readonly string[] {
    const memo = this.memo;
    if (memo.ids === undefined) {
      if (this.number >= 0) {
        // document order: the root, then each region's nodes from the top, region by region
        const ids = [this.source.cm.root.id];
        for (const l of this.leaves) for (const id of this.source.regionIds(l)) ids.push(id);
        memo.ids = ids;
      } else memo.ids = [...this.activeNodes].sort((a, b) => a.order - b.order).map((n) => n.id);
    }
    return memo.ids;
  }
  get value(): StateValue {
    if (this.valueMemo === undefined) {
      if (this.number >= 0) this.valueMemo = this.source.flatValue(this.leaves);
      else this.valueMemo = valueOf(this.source.cm.root, this.active, this.source.cm.nodes);
    }
    return this.valueMemo;
  }
  get valueKey(): string {
    const memo = this.memo;
    return (memo.valueKey ??= canonicalJson(this.value, 'value'));
  }
  get keySuffix(): string {
    const memo = this.memo;
    if (memo.suffix === undefined) {
      const recorded = Object.keys(this.history);
      let suffix = '';
      if (recorded.length > 0) {
        const ids: Record<string, string[]> = {};
        for (const id of recorded) ids[id] = this.history[id]!.map((n) => n.id);
        suffix = '|' + canonicalJson(ids, 'historyValue');
      }
      if (this.status === 'error') suffix += '|error';
      memo.suffix = suffix;
    }
    return memo.suffix;
  }
  get tags(): ReadonlySet<string> {
    const memo = this.memo;
    if (memo.tags === undefined) {
      const tags = new Set<string>();
      for (const n of this.activeNodes) for (const t of (n as { tags?: readonly string[] }).tags ?? []) tags.add(t);
      memo.tags = tags;
    }
    return memo.tags;
  }
  get alwaysChains(): readonly (readonly CNode[])[] {
    const memo = this.memo;
    return (memo.chains ??= this.leaves.map((l) => this.source.cm.nodes[l]!.path.filter((n) => n.always.length > 0)));
  }
  get handlers(): Map<string, Handlers> {
    const memo = this.memo;
    return (memo.handlers ??= new Map());
  }
  get plans(): (Plan | undefined)[] {
    const memo = this.memo;
    return (memo.plans ??= []);
  }
  get plansOfSets(): Map<string, Plan> {
    const memo = this.memo;
    return (memo.sets ??= new Map());
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
