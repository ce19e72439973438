import type { StateStore } from '../store/StateStore.ts';
import { IndexedFingerprintSet } from '../store/IndexedFingerprintSet.ts';
import { IntColumn } from '../store/IntColumn.ts';
import { TraceLinks, checkEventIndex } from '../store/TraceLinks.ts';
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
  private readonly set = new IndexedFingerprintSet();
  private readonly links = new TraceLinks();
  private readonly sources = new IntColumn();
  private readonly targets = new IntColumn();
  private readonly events = new IntColumn();
  private readonly masks = new IntColumn(false);
  /** Per state, two bits per property (p, q), 16 properties to a column. */
  readonly bits: IntColumn[];

  constructor(properties: number) {
    this.bits = Array.from({ length: Math.ceil(properties / 16) }, () => new IntColumn(false));
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
