import type { StateStore } from '../store/StateStore.ts';
import { IndexedFingerprintSet } from '../store/IndexedFingerprintSet.ts';
import { IntColumn } from '../store/IntColumn.ts';
import { TraceLinks, checkEventIndex, type TraceLinksData } from '../store/TraceLinks.ts';
import type { IndexedFingerprintSetData } from '../store/IndexedFingerprintSet.ts';

/** A `GraphStore` as data: its states, their links and property bits, and its edges' columns. */
export interface GraphStoreData {
  readonly graph: true;
  readonly set: IndexedFingerprintSetData;
  readonly links: TraceLinksData;
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  readonly events: Int32Array;
  readonly masks: Uint32Array;
  readonly bits: readonly Uint32Array[];
}
import { stateGraph, type StateGraph } from './StateGraph.ts';

/**
 * The visited set of a search that a liveness check follows: besides the states and their
 * trace links, it records every edge the search generates (source, target, event index) as
 * it asks whether the target is new, so the search itself is unchanged. The search's
 * observer gives each edge its fairness mask (`markLast`), and a predicate run first on each
 * new state its property bits (`setBits`). 16 bytes an edge (up to twice that while a column
 * grows) and 30 to 38 a state; the graph of a breadth-first search is read in place.
 */
export class GraphStore implements StateStore {
  private readonly set: IndexedFingerprintSet;
  private readonly links: TraceLinks;
  private readonly sources: IntColumn;
  private readonly targets: IntColumn;
  private readonly events: IntColumn;
  private readonly masks: IntColumn;
  /** Per state, two bits per property (p, q), 16 properties to a column. */
  readonly bits: IntColumn[];

  /** A store for `properties` properties, empty or as a checkpoint saved it (`toData`). */
  constructor(properties: number, saved?: GraphStoreData) {
    const columns = Math.ceil(properties / 16);
    if (saved && saved.bits.length !== columns) throw new Error(`a saved state graph with bits for ${saved.bits.length * 16} properties, not ${properties}`);
    this.set = saved ? IndexedFingerprintSet.fromData(saved.set) : new IndexedFingerprintSet();
    this.links = saved ? TraceLinks.fromData(saved.links) : new TraceLinks();
    this.sources = saved ? IntColumn.of(saved.sources) : new IntColumn();
    this.targets = saved ? IntColumn.of(saved.targets) : new IntColumn();
    this.events = saved ? IntColumn.of(saved.events) : new IntColumn();
    this.masks = saved ? IntColumn.of(saved.masks) : new IntColumn(false);
    this.bits = saved ? saved.bits.map((b) => IntColumn.of(b)) : Array.from({ length: columns }, () => new IntColumn(false));
  }

  /** The store as data (copies), for a checkpoint; `new GraphStore(properties, data)` makes it again. */
  toData(): GraphStoreData {
    return {
      graph: true,
      set: this.set.toData(),
      links: this.links.toData(),
      sources: this.sources.copy() as Int32Array,
      targets: this.targets.copy() as Int32Array,
      events: this.events.copy() as Int32Array,
      masks: this.masks.copy() as Uint32Array,
      bits: this.bits.map((b) => b.copy() as Uint32Array),
    };
  }

  get size(): number {
    return this.set.size;
  }

  /** Edges recorded so far. */
  get edges(): number {
    return this.sources.length;
  }

  get bytes(): number {
    const columns = [this.sources, this.targets, this.events, this.masks, ...this.bits];
    return this.set.bytes + this.links.bytes + columns.reduce((sum, c) => sum + c.bytes, 0);
  }

  add(hi: number, lo: number, parent: number, event: number): boolean {
    checkEventIndex(event);
    const before = this.set.size;
    const id = this.set.findOrAdd(hi, lo);
    const added = id === before;
    if (added) this.links.add(parent, event);
    if (parent >= 0) {
      this.sources.push(parent);
      this.targets.push(id);
      this.events.push(event);
      this.masks.push(0);
    }
    return added;
  }

  /** Sizes the set of states for `states` at once; the edge columns, whose number the hint does not give, grow as they do. */
  reserve(states: number): void {
    this.set.reserve(states);
  }

  has(hi: number, lo: number): boolean {
    return this.set.find(hi, lo) >= 0;
  }

  /** The number of a stored fingerprint, or -1. */
  idOf(hi: number, lo: number): number {
    return this.set.find(hi, lo);
  }

  /** Sets the fairness mask of the edge recorded last. */
  markLast(mask: number): void {
    this.masks.set(this.masks.length - 1, mask);
  }

  /** Records the property bits of the state stored last (they come in state order). */
  setBits(column: number, bits: number): void {
    const c = this.bits[column]!;
    if (c.length !== this.set.size - 1) throw new Error(`property bits for state ${c.length} arrive when ${this.set.size} states are stored`);
    c.push(bits);
  }

  parentOf(id: number): number {
    return this.links.parentOf(id);
  }
  eventOf(id: number): number {
    return this.links.eventOf(id);
  }

  /** The graph recorded. */
  graph(): StateGraph {
    return stateGraph(this.size, this.sources.view(), this.targets.view(), this.events.view(), this.masks.view());
  }
}
