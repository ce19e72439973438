import type { EventObject, StateValue } from 'xstate';
import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';
import type { CompiledMachine } from './compileMachine.ts';
import type { CompiledSnapshot, FlatConfigurations } from './CompiledSnapshot.ts';
import type { Configuration, Plan, Status } from './Configuration.ts';
import { ConfigurationRecord, valueOf, type ConfigurationSource } from './ConfigurationRecord.ts';
import { leafPlaces } from './leafPlaces.ts';
import { isInFinalState, type HistoryValue, type SNode } from './microstep.ts';


/**
 * The configurations of one compiled system. A configuration is its active leaves, the history
 * its history states recorded and its status; its text (`leaves|history|status`, by node
 * numbers) finds it, in this instance and in another of the same system (the parallel search's
 * wire codec).
 *
 * A flat configuration (one leaf per region of a parallel root, in region order; no history
 * recorded; active) is its number: its leaves' places within their regions, as bit fields
 * when they fit in 31 bits, else read in mixed radix (each region's leaf count), where the
 * product of the counts stays below 2^53. Such
 * configurations can be as many as the states (the philosophers' are), so the table does not
 * keep them all: it holds about a thousand in a direct-mapped cache (slot by the number's hash;
 * a configuration met again while its slot still holds it is the same object; a small table,
 * whose entries die young, costs the collector far less than a large one), and makes one again
 * from its number when it is met after that (`ConfigurationRecord` works out its parts lazily,
 * and what a step needs of a flat configuration is kept per leaf and per transition, not per
 * configuration). A flat configuration's seed is a sum of per-leaf words, so a step of one
 * region moves it in constant time, whatever the number of regions. What the table keeps grows
 * with the regions' sizes, not with their product. Any other configuration is made once and
 * kept, numbered in the order met.
 */
export class ConfigurationTable implements ConfigurationSource, FlatConfigurations {
  /**
   * How many flat configurations a table holds at once, a power of two (tests make it small, to
   * have them made again often). Few: on a model of many regions most configurations met are
   * new, and every record the cache holds (with its leaves and state value, about 280 bytes)
   * is young and survives the collector's scavenges, which copy it and grow the young
   * generation for it. Measured (first searches, medians of three): 1,024 kept made the
   * philosophers with 9 copy 287 KB at each scavenge against 34 KB with 64, and took 497 ms and
   * 91 MiB against 408 ms and 66 MiB; the philosophers with 8 and 10, the filter lock with 5 and
   * the FIFO with 315,000 states were 7% to 16% faster with 64, the larger models the same. A
   * model of few configurations (the live-update model) finds nearly all of them either way.
   */
  static flatKept = 1 << 6;
  static flatPlansKept = 1 << 14;
  /** The most bits a number whose places are bit fields may take (tests set 0, for mixed radix always). */
  static packedBits = 31;
  private readonly list: Configuration[] = [];
  private readonly byText = new Map<string, Configuration>();
  /** The direct-mapped cache of flat configurations: slot `flatSlot(number)`, and the number each slot holds (-1: none). */
  private readonly flatCache: (Configuration | undefined)[];
  private readonly flatCacheIds: Float64Array;
  private readonly flatShift: number;
  /** Plans of steps from flat configurations that are not one region's own (`planStep`), by number and transitions; at most `flatPlansKept`, then afresh. */
  private flatPlans = new Map<string, Plan>();
  private readonly hasAlways: boolean;
  /** Per node, its place among its region's leaves; per region, how many leaves it has and the weight of its place in a number. */
  private readonly place: readonly number[];
  private readonly regionSizes: readonly number[];
  private readonly stride: number[];
  /** Whether the places are bit fields (`shift`, `mask` per region: the stride is 2^shift), or mixed radix. */
  private readonly packed: boolean;
  private readonly shift: Int32Array;
  private readonly mask: Int32Array;
  /** Per region, its leaves by place. */
  private readonly leafAt: number[][];
  private readonly numbered: boolean;
  /** Per node, whether it is a final state directly in its region (all of them active: the machine is done). */
  private readonly regionFinal: boolean[];
  /**
   * Per node, two 32-bit words summed into a flat configuration's seed (lo, hi). A flat seed's
   * words are kept as signed 32-bit integers (the same bits as unsigned; every use of them is
   * bitwise or modulo 2^32): V8 keeps those in an object's field as they are, where a number
   * above 2^31 would be boxed, an allocation per configuration and per successor.
   */
  private readonly leafSeed: Int32Array;
  /** Per node, whether a configuration with this leaf active has eventless transitions to settle. */
  private readonly leafSettles: boolean[];

  constructor(
    readonly cm: CompiledMachine,
    private readonly seedOf: (key: string) => Fingerprint,
    readonly canTake: (s: CompiledSnapshot, e: EventObject) => boolean,
  ) {
    this.hasAlways = cm.nodes.some((n) => n.always.length > 0);
    const regions = Math.max(1, cm.regions.length);
    const { place, sizes } = leafPlaces(cm);
    this.place = place;
    this.regionSizes = sizes;
    this.leafAt = Array.from({ length: regions }, () => []);
    for (const n of cm.nodes) if (place[n.index]! >= 0) this.leafAt[n.region]!.push(n.index);
    // Each region's place in as few bits as hold it, when they all fit in 31: a number's leaves
    // are then read by shifts and masks, each region's on its own, where mixed radix needs one
    // division after another (on the philosophers with 9, about a twentieth of a search's time).
    const placeBits = this.regionSizes.map((n) => {
      let b = 0;
      while (2 ** b < n) b++;
      return b;
    });
    const packed = placeBits.reduce((a, b) => a + b, 0) <= Math.min(31, ConfigurationTable.packedBits);
    this.shift = new Int32Array(regions);
    this.mask = new Int32Array(regions);
    this.stride = new Array(regions).fill(1);
    for (let r = regions - 2; r >= 0; r--) {
      this.shift[r] = this.shift[r + 1]! + placeBits[r + 1]!;
      this.stride[r] = packed ? 2 ** this.shift[r]! : this.stride[r + 1]! * Math.max(1, this.regionSizes[r + 1]!);
    }
    for (let r = 0; r < regions; r++) this.mask[r] = packed ? 2 ** placeBits[r]! - 1 : -1;
    this.packed = packed;
    this.numbered = cm.parallelRoot && (packed || this.regionSizes.reduce((p, n) => p * Math.max(1, n), 1) <= Number.MAX_SAFE_INTEGER);
    // xstate's isInFinalState of a region: a final region, or a compound region whose active child is final
    this.regionFinal = cm.nodes.map((n) => n.type === 'final' && (n.parent === cm.root || (n.parent?.type === 'compound' && n.parent.parent === cm.root)));
    this.leafSeed = new Int32Array(2 * cm.nodes.length);
    for (const n of cm.nodes) {
      const f = fingerprint64(`flat|${n.region}|${n.id}`, { hi: 0, lo: 0 });
      this.leafSeed[2 * n.index] = f.lo;
      this.leafSeed[2 * n.index + 1] = f.hi;
    }
    this.leafSettles = cm.nodes.map((n) => this.hasAlways && n.path.some((x) => x.always.length > 0));
    const kept = Math.max(1, ConfigurationTable.flatKept);
    const bits = Math.max(1, Math.ceil(Math.log2(kept)));
    this.flatShift = 32 - bits;
    this.flatCache = new Array(1 << bits).fill(undefined);
    this.flatCacheIds = new Float64Array(1 << bits).fill(-1);
  }

  /** The cache slot of a flat configuration's number (up to 2^53: both halves count). */
  private flatSlot(id: number): number {
    return Math.imul((id | 0) ^ Math.imul((id / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1) >>> this.flatShift;
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
      id += this.stride[r]! * this.place[l]!;
    }
    return id;
  }

  /** The plan kept for a step from a flat configuration (`number|uids`), or undefined. */
  flatPlan(key: string): Plan | undefined {
    return this.flatPlans.get(key);
  }
  /** The plans of steps of one transition from the flat configuration numbered `number`, by the transition's uid; kept for the last `flatPlansKept` configurations. */
  flatPlansOf(number: number): (Plan | undefined)[] {
    let list = this.flatPlanLists.get(number);
    if (list === undefined) {
      if (this.flatPlanLists.size >= ConfigurationTable.flatPlansKept) this.flatPlanLists = new Map();
      this.flatPlanLists.set(number, (list = []));
    }
    return list;
  }
  private flatPlanLists = new Map<number, (Plan | undefined)[]>();

  keepFlatPlan(key: string, plan: Plan): Plan {
    if (this.flatPlans.size >= ConfigurationTable.flatPlansKept) this.flatPlans = new Map();
    this.flatPlans.set(key, plan);
    return plan;
  }

  /** The configuration whose `index` this is. */
  at(index: number): Configuration {
    return index >= 0 ? this.list[index]! : this.flat(-1 - index, undefined);
  }

  /** The configuration of these active states (every active node, as xstate lists them), history and status. */
  ofActive(active: Iterable<SNode>, history: HistoryValue, status: Status): Configuration {
    const leaves: number[] = [];
    for (const n of active) if (n.type === 'atomic' || n.type === 'final') leaves.push(n.order);
    leaves.sort((a, b) => a - b);
    return this.of(leaves, history, status);
  }

  /** The configuration of these leaves (node indices in document order), history and status. */
  of(leaves: readonly number[], history: HistoryValue, status: Status): Configuration {
    const id = this.numberOf(leaves, history, status);
    if (id >= 0) return this.flat(id, leaves);
    const text = `${leaves.join(',')}|${this.historyText(history)}|${status}`;
    return this.byText.get(text) ?? this.keep(text, leaves, history, status);
  }

  /**
   * The flat configuration `from` with region `r`'s leaf replaced by `leaf`: its number, seed
   * and status follow from `from`'s and the two leaves, whatever the number of regions.
   */
  move(from: Configuration, r: number, leaf: number): Configuration {
    const old = from.leaves[r]!;
    const id = from.number + (this.place[leaf]! - this.place[old]!) * this.stride[r]!;
    const slot = this.flatSlot(id);
    if (this.flatCacheIds[slot] === id) return this.flatCache[slot]!;
    const leaves = from.leaves.slice();
    leaves[r] = leaf;
    const seeds = this.leafSeed;
    return this.keepFlat(slot, id, leaves, from.seedHi - seeds[2 * old + 1]! + seeds[2 * leaf + 1]!, from.seedLo - seeds[2 * old]! + seeds[2 * leaf]!);
  }

  /**
   * `move`, without making the configuration when the table does not hold it and it is
   * active with nothing to settle: then undefined, with its number and seed in `movedNumber`,
   * `movedHi`, `movedLo` (for `CompiledSnapshot.flatStep`).
   */
  moveLazily(from: Configuration, r: number, leaf: number): Configuration | undefined {
    if (this.hasAlways || this.regionFinal[leaf]) return this.move(from, r, leaf);
    const old = from.leaves[r]!;
    const id = from.number + (this.place[leaf]! - this.place[old]!) * this.stride[r]!;
    const slot = this.flatSlot(id);
    if (this.flatCacheIds[slot] === id) return this.flatCache[slot]!;
    const seeds = this.leafSeed;
    this.movedNumber = id;
    this.movedHi = (from.seedHi - seeds[2 * old + 1]! + seeds[2 * leaf + 1]!) | 0;
    this.movedLo = (from.seedLo - seeds[2 * old]! + seeds[2 * leaf]!) | 0;
    return undefined;
  }
  movedNumber = 0;
  movedHi = 0;
  movedLo = 0;

  /** The flat configuration numbered `id` (its leaves, when the caller has them). */
  private flat(id: number, given: readonly number[] | undefined): Configuration {
    const slot = this.flatSlot(id);
    if (this.flatCacheIds[slot] === id) return this.flatCache[slot]!;
    // sized at once: pushed one by one, it would take a backing store of 16 or more
    const leaves = given === undefined ? this.leavesOf(id, new Array<number>(this.regionSizes.length)) : given.slice();
    let lo = 0x6a09e667;
    let hi = 0xbb67ae85;
    for (const l of leaves) {
      lo = (lo + this.leafSeed[2 * l]!) | 0;
      hi = (hi + this.leafSeed[2 * l + 1]!) | 0;
    }
    return this.keepFlat(slot, id, leaves, hi, lo);
  }

  /** The leaves of the flat configuration numbered `id`, written into `out` (one per region). */
  private leavesOf(id: number, out: number[]): number[] {
    const regions = this.regionSizes.length;
    if (this.packed) {
      for (let r = 0; r < regions; r++) out[r] = this.leafAt[r]![(id >>> this.shift[r]!) & this.mask[r]!]!;
    } else {
      let rest = id;
      for (let r = 0; r < regions; r++) {
        const p = Math.floor(rest / this.stride[r]!);
        rest -= p * this.stride[r]!;
        out[r] = this.leafAt[r]![p]!;
      }
    }
    return out;
  }

  /**
   * The state value of the flat configuration numbered `number`, without making the
   * configuration (a held one gives its own): for the invariants of a state the search has
   * only fingerprinted, whose configuration is made again when the state is expanded.
   */
  valueAt(number: number): StateValue {
    const slot = this.flatSlot(number);
    if (this.flatCacheIds[slot] === number) return this.flatCache[slot]!.value;
    return this.flatValue(this.leavesOf(number, this.scratchLeaves));
  }
  private readonly scratchLeaves: number[] = [];

  /** Makes the flat configuration `id` of these leaves (its own array) and seed, and puts it in its cache slot. */
  private keepFlat(slot: number, id: number, leaves: number[], seedHi: number, seedLo: number): Configuration {
    // done: every region in a final leaf; settles: some leaf has eventless transitions (looked
    // at only when the machine has any); without final leaves nor `always`, no loop at all
    let done = this.regionFinal[leaves[leaves.length - 1]!] === true;
    for (let r = 0; done && r < leaves.length; r++) if (!this.regionFinal[leaves[r]!]) done = false;
    let settles = false;
    for (let r = 0; this.hasAlways && !settles && r < leaves.length; r++) if (this.leafSettles[leaves[r]!]) settles = true;
    const c = new ConfigurationRecord(this, -1 - id, id, leaves, NO_HISTORY, done ? 'done' : 'active', true, settles && !done, seedHi, seedLo, undefined);
    this.flatCache[slot] = c;
    this.flatCacheIds[slot] = id;
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
    return this.of(leaves.split(',').map(Number), history, status);
  }

  /** The same configuration with status 'error': where an invoked actor's failure that nothing handles leaves the machine. */
  errorTwinOf(c: Configuration): Configuration {
    return (c.errorTwin ??= this.of(c.leaves, c.history, 'error'));
  }

  /** A history value as text: per history state (by node number, in order) the numbers of the states it recorded. */
  historyText(history: HistoryValue): string {
    const ids = Object.keys(history);
    if (ids.length === 0) return '';
    return ids
      .map((id) => [this.indexOf(id), history[id]!.map((n) => n.order).join(',')] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([h, list]) => `${h}=${list}`)
      .join(';');
  }

  /**
   * The state value of a flat configuration: per region, in region order, its part (kept per
   * leaf, frozen, shared by every configuration with that leaf). Made by one object literal
   * (`flatValueMaker`), so every value has one shape with its keys in order, as the invariants
   * that read one region after another expect of a model's state value.
   */
  flatValue(leaves: readonly number[]): StateValue {
    this.makeFlatValue ??= flatValueMaker(this.cm.regions);
    return this.makeFlatValue(leaves, this.regionValues, this.partOf);
  }
  private makeFlatValue: FlatValueMaker | undefined;
  private readonly partOf = (leaf: number): StateValue => this.regionValue(leaf);

  private regionValue(leaf: number): StateValue {
    let v = this.regionValues[leaf];
    if (v === undefined) {
      const nodes = this.cm.nodes;
      const active = new Uint8Array(nodes.length);
      for (const n of nodes[leaf]!.path) active[n.index] = 1;
      const region = nodes[leaf]!.path.find((n) => n.parent === this.cm.root)!;
      // shared by every configuration with this leaf: frozen, so that no reader can change another's
      v = this.regionValues[leaf] = deepFreeze(region.type === 'atomic' || region.type === 'final' ? {} : valueOf(region, active, nodes));
    }
    return v;
  }
  private readonly regionValues: (StateValue | undefined)[] = [];

  regionIds(leaf: number): readonly string[] {
    return (this.regionIdList[leaf] ??= this.cm.nodes[leaf]!.path.filter((n) => n.parent !== undefined).map((n) => n.id).reverse());
  }
  private readonly regionIdList: (readonly string[] | undefined)[] = [];

  /** The node number of a state node id. */
  indexOf(id: string): number {
    if (this.byId === undefined) this.byId = new Map(this.cm.nodes.map((n) => [n.id, n.index]));
    return this.byId.get(id) ?? (this.cm.machine.getStateNodeById(`#${id}`) as unknown as SNode).order;
  }
  private byId: Map<string, number> | undefined;

  /** Makes and keeps a configuration that is not flat. */
  private keep(text: string, leaves: readonly number[], history: HistoryValue, status: Status): Configuration {
    const cm = this.cm;
    const activeNodes = new Set<SNode>();
    for (const l of leaves) for (const n of cm.nodes[l]!.path) activeNodes.add(n.node);
    const final: Status = status === 'active' && isInFinalState(activeNodes, cm.root.node) ? 'done' : status;
    const flat = cm.parallelRoot && leaves.length === cm.regions.length && leaves.every((l, r) => cm.nodes[l]!.region === r);
    const settles = status === 'active' && this.hasAlways && leaves.some((l) => cm.nodes[l]!.path.some((n) => n.always.length > 0));
    const c = new ConfigurationRecord(this, this.list.length, -1, [...leaves], history, final, flat, settles, 0, 0, text);
    const seed = this.seedOf(c.valueKey + c.keySuffix);
    c.seedHi = seed.hi | 0;
    c.seedLo = seed.lo | 0;
    this.list.push(c);
    this.byText.set(text, c);
    return c;
  }
}

/**
 * A flat configuration's state value from its leaves and the parts kept per leaf: one object
 * literal with the regions' names as keys, generated once per machine (each key a JSON string
 * literal). A name that an object literal would not make an own key of (`__proto__`) or more
 * regions than a literal keeps fast make the value key by key instead.
 */
type FlatValueMaker = (leaves: readonly number[], parts: readonly (StateValue | undefined)[], partOf: (leaf: number) => StateValue) => StateValue;
function flatValueMaker(regions: readonly string[]): FlatValueMaker {
  if (regions.includes('__proto__') || regions.length > 128) {
    return (leaves, parts, partOf) => {
      const value: Record<string, StateValue> = {};
      for (let r = 0; r < regions.length; r++) value[regions[r]!] = parts[leaves[r]!] ?? partOf(leaves[r]!);
      return value;
    };
  }
  // a leaf's part is worked out the first time a configuration with it asks (`partOf`), then kept
  const fields = regions.map((name, r) => `${JSON.stringify(name)}: parts[leaves[${r}]] ?? partOf(leaves[${r}])`).join(', ');
  return new Function('leaves', 'parts', 'partOf', `return { ${fields} };`) as FlatValueMaker;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) for (const x of Object.values(Object.freeze(v))) deepFreeze(x);
  return v;
}

const NO_HISTORY: HistoryValue = Object.freeze({}) as HistoryValue;
