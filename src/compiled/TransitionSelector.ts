import type { EventObject } from 'xstate';
import type { ModelDefinition } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, modelException } from '../model/errors.ts';
import { canonicalJson } from '../adapter/canonicalJson.ts';
import { formatStateValue } from '../adapter/formatStateValue.ts';
import { candidatesOf, type CTransition, type CompiledMachine } from './compileMachine.ts';

/** `regionsTaking`'s answer for an event type that several regions take. */
const NONE_OR_SEVERAL = 1 << 30;

interface Takers {
  /** The one region, -1 for none, NONE_OR_SEVERAL. */
  readonly one: number;
  readonly regions: readonly number[];
  readonly sizes: readonly number[];
  readonly byLeaves: Map<number, Handlers>;
}
import { GuardNotImplemented } from './compileGuard.ts';
import type { Configuration, Handlers, Selection } from './Configuration.ts';
import { handlersOf, offersAny } from './handlersOf.ts';
import { leafPlaces, type LeafPlaces } from './leafPlaces.ts';

/** A readable event for an error message. */
export function eventLabel(e: EventObject): string {
  try {
    return canonicalJson(e);
  } catch {
    return e.type;
  }
}

/**
 * Selects the transitions xstate takes in a configuration, into two reused arrays (`taken`,
 * `regions`), as xstate selects them: for an event, per part of the active states the first
 * candidate whose guard passes (`handlersOf`); for eventless transitions, per active leaf the
 * first `always` transition from the leaf upwards whose guard passes. Guards see only
 * `{ context, event }` (and the configuration, for `stateIn`), so nothing re-enters a selection
 * in progress. A guard that throws is a model error naming the event and the state.
 */
export class TransitionSelector {
  /** The transitions of the last selection, and the top-level region of each (-1: the root). */
  readonly taken: CTransition[] = [];
  readonly regions: number[] = [];

  constructor(
    private readonly model: ModelDefinition<ParamValues>,
    private readonly cm: CompiledMachine,
  ) {}

  /**
   * Who may take an event type here, worked out once per configuration; in a flat
   * configuration, once per leaf of the one region whose states take the event type, once per
   * combination of leaves of the regions that do when several do, or once for the machine when
   * none does.
   */
  handlers(config: Configuration, type: string): Handlers {
    if (config.number >= 0) {
      const r = this.regionsTaking(type);
      if (r < 0) return this.noRegion(type);
      if (r < NONE_OR_SEVERAL) {
        const leaf = config.leaves[r]!;
        const byType = (this.byLeaf[leaf] ??= new Map());
        let h = byType.get(type);
        if (h === undefined) byType.set(type, (h = handlersOf(this.cm, config, type)));
        return h;
      }
      // several regions take it: kept per combination of their leaves, numbered in mixed radix
      // (exactly: the configuration's own number, over every region, stays below 2^53)
      const several = this.takersOf(type);
      const place = this.places!.place;
      let key = 0;
      for (let k = 0; k < several.regions.length; k++) key = key * several.sizes[k]! + place[config.leaves[several.regions[k]!]!]!;
      let h = several.byLeaves.get(key);
      if (h === undefined) several.byLeaves.set(key, (h = handlersOf(this.cm, config, type)));
      return h;
    }
    return this.perConfiguration(config, type);
  }

  private perConfiguration(config: Configuration, type: string): Handlers {
    let h = config.handlers.get(type);
    if (h === undefined) config.handlers.set(type, (h = handlersOf(this.cm, config, type)));
    return h;
  }

  /**
   * The handlers of the `j`th event of a model's candidate list `all` in a flat configuration,
   * kept per leaf and list position for the last list met (models hand every state the same
   * list): one array load per event, with no per-configuration table. A list changed in place
   * is noticed by the event's type.
   */
  handlersAt(config: Configuration, all: readonly EventObject[], j: number): Handlers {
    const type = all[j]!.type;
    if (all !== this.listed || this.listedTypes[j] !== type) {
      if (all !== this.listed || all.length !== this.listedTypes.length) this.relist(all);
      if (this.listedTypes[j] !== type) return this.handlers(config, type);
    }
    const r = this.listedTakers[j]!;
    if (r < 0) return this.noRegion(type);
    if (r === NONE_OR_SEVERAL) return this.handlers(config, type);
    const leaf = config.leaves[r]!;
    const row = (this.listedByLeaf[leaf] ??= []);
    return (row[j] ??= this.handlers(config, type));
  }
  /**
   * Makes `all` the list `handlersAt` keeps handlers for. A method of its own: a closure here
   * capturing `this` would make V8 allocate `handlersAt`'s scope on every call.
   */
  private relist(all: readonly EventObject[]): void {
    this.listed = all;
    this.listedTypes = all.map((e) => e.type);
    this.listedTakers = this.listedTypes.map((t) => this.regionsTaking(t));
    this.listedByLeaf = [];
  }
  private listed: readonly EventObject[] | undefined;
  private listedTypes: string[] = [];
  private listedTakers: number[] = [];
  private listedByLeaf: (Handlers | undefined)[][] = [];

  /**
   * The positions in a frozen candidate list `all` of the events some transition may take in
   * the flat configuration `config`, in increasing order, into `offered` (their count is
   * returned): per active leaf, the positions of the event types only its region takes and its
   * states have transitions for; with them, those several regions take or the root does. Kept
   * per leaf for the last list met, so a state's disabled events cost nothing, and what is kept
   * grows with the regions' sizes, not with their product (LTSmin's partitioned next-state
   * function, per region). A frozen list cannot change in place, so its positions hold.
   */
  offeredAt(config: Configuration, all: readonly EventObject[]): number {
    if (all !== this.listed) this.handlersAt(config, all, 0);
    if (all !== this.offersListed) {
      this.offersListed = all;
      this.offersByLeaf = [];
      this.offersAlways = [];
      for (let j = 0; j < all.length; j++) {
        const r = this.listedTakers[j]!;
        if (r === NONE_OR_SEVERAL || (r < 0 && this.noRegion(this.listedTypes[j]!).root.length > 0)) this.offersAlways.push(j);
      }
    }
    const out = this.offered;
    let n = 0;
    for (const j of this.offersAlways) out[n++] = j;
    const leaves = config.leaves;
    for (let r = 0; r < leaves.length; r++) {
      const leaf = leaves[r]!;
      let mine = this.offersByLeaf[leaf];
      if (mine === undefined) {
        mine = [];
        for (let j = 0; j < all.length; j++) if (this.listedTakers[j] === r && offersAny(this.handlersAt(config, all, j))) mine.push(j);
        this.offersByLeaf[leaf] = mine;
      }
      for (let k = 0; k < mine.length; k++) {
        // insertion into the sorted prefix: lists are short, and mostly in order already
        const j = mine[k]!;
        let i = n++;
        while (i > 0 && out[i - 1]! > j) {
          out[i] = out[i - 1]!;
          i--;
        }
        out[i] = j;
      }
    }
    return n;
  }
  /** `offeredAt`'s answer. */
  readonly offered: number[] = [];
  private offersListed: readonly EventObject[] | undefined;
  private offersByLeaf: (number[] | undefined)[] = [];
  private offersAlways: number[] = [];

  /** Per event type: the top-level regions whose states take it, their leaf counts, and (when there are several) the handlers per combination of their leaves' places. */
  private readonly takers = new Map<string, Takers>();
  private places: LeafPlaces | undefined;
  /** Per leaf, the handlers of the event types only its region takes. */
  private readonly byLeaf: (Map<string, Handlers> | undefined)[] = [];
  private readonly nobody = new Map<string, Handlers>();

  private takersOf(type: string): Takers {
    let t = this.takers.get(type);
    if (t === undefined) {
      const places = (this.places ??= leafPlaces(this.cm));
      const regions = [...new Set(this.cm.nodes.filter((n) => n.region >= 0 && candidatesOf(n, type).length > 0).map((n) => n.region))].sort((x, y) => x - y);
      const one = regions.length === 0 ? -1 : regions.length === 1 ? regions[0]! : NONE_OR_SEVERAL;
      this.takers.set(type, (t = { one, regions, sizes: regions.map((r) => places.sizes[r]!), byLeaves: new Map() }));
    }
    return t;
  }

  /** The one top-level region whose states have transitions for `type`, -1 when none has, NONE_OR_SEVERAL when several have. */
  private regionsTaking(type: string): number {
    return this.takersOf(type).one;
  }

  /** The handlers of an event type no region takes: the root's own, if any. */
  private noRegion(type: string): Handlers {
    let h = this.nobody.get(type);
    if (h === undefined) this.nobody.set(type, (h = { type, lists: [], regions: [], root: candidatesOf(this.cm.root, type), tree: undefined }));
    return h;
  }

  guardPasses(t: CTransition, context: unknown, event: EventObject, config: Configuration): boolean {
    if (!t.guard) return true;
    try {
      return !!t.guard(context, event, config);
    } catch (error) {
      if (error instanceof GuardNotImplemented) throw new ModelError('model-exception', `model ${this.model.name}: the guard '${error.guardName}' of a ${event.type || 'always'} transition of state '${t.source.id}' is not implemented`);
      throw modelException(error, `model ${this.model.name}: a guard threw on event ${eventLabel(event)} in state ${formatStateValue(config.value)}`);
    }
  }

  /** Selects the transitions `event` takes; returns how many. */
  select(config: Configuration, context: unknown, event: EventObject, h: Handlers): number {
    if (h.tree !== undefined) return this.selectTree(h.tree, config, context, event, 0);
    const taken = this.taken;
    const regions = this.regions;
    let n = 0;
    for (let k = 0; k < h.lists.length; k++) {
      const list = h.lists[k]!;
      for (let j = 0; j < list.length; j++) {
        const t = list[j]!;
        if (t.guard === undefined || this.guardPasses(t, context, event, config)) {
          taken[n] = t;
          regions[n++] = h.regions[k]!;
          break;
        }
      }
    }
    if (n === 0) {
      for (const t of h.root) {
        if (this.guardPasses(t, context, event, config)) {
          taken[n] = t;
          regions[n++] = -1;
          break;
        }
      }
    }
    return n;
  }

  /** Below a parallel state: its parts' transitions first, its own only when none of them took the event. */
  private selectTree(sel: Selection, config: Configuration, context: unknown, event: EventObject, n: number): number {
    if (sel.parts !== undefined) {
      const before = n;
      for (const part of sel.parts) n = this.selectTree(part, config, context, event, n);
      if (n > before) return n;
    }
    for (const t of sel.chain) {
      if (this.guardPasses(t, context, event, config)) {
        this.taken[n] = t;
        this.regions[n++] = sel.region;
        return n;
      }
    }
    return n;
  }

  /**
   * The `always` transitions enabled: per active leaf, the first whose guard passes, from the
   * leaf upwards; each once. The leaves are taken in document order (xstate takes them in the
   * order their states were entered, which a snapshot's identity does not record; the two differ
   * only for always transitions of several regions firing in one microstep).
   */
  selectEventless(config: Configuration, context: unknown, event: EventObject): number {
    let n = 0;
    for (const chain of config.alwaysChains) {
      found: for (const node of chain) {
        for (const t of node.always) {
          if (!this.guardPasses(t, context, event, config)) continue;
          let known = false;
          for (let i = 0; i < n; i++) if (this.taken[i] === t) known = true;
          if (!known) {
            this.taken[n] = t;
            this.regions[n++] = node.region;
          }
          break found;
        }
      }
    }
    return n;
  }
}
