import type { EventObject } from 'xstate';
import type { ModelDefinition } from '../model/defineModel.ts';
import type { ContextProjection } from '../model/withoutAuxiliary.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, describeThrown, modelException } from '../model/errors.ts';
import { canonicalJson, NonJsonValueError } from '../adapter/canonicalJson.ts';
import { formatStateValue } from '../adapter/formatStateValue.ts';
import type { XstateSystem } from '../adapter/xstateSystem.ts';
import type { Expansion, StateCodec, TransitionRef } from '../search/TransitionSystem.ts';
import type { Assignment, CTransition, CompiledMachine } from './compileMachine.ts';
import { CompiledSnapshot, type Configuration, type Handlers } from './CompiledSnapshot.ts';
import { ConfigurationTable } from './ConfigurationTable.ts';
import { contextSerializer } from './contextSerializer.ts';
import { contextFingerprinter } from './contextFingerprint.ts';
import { contextMerger, type LayoutAssigner } from './contextMerger.ts';
import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';
import { ValueHasher } from './valueHash.ts';
import type { ValueQueue } from '../store/ValueQueue.ts';

const MAX_MICROSTEPS = 1000;

interface Selected {
  t: CTransition;
  region: number;
}

/**
 * The compiled execution path: steps a compiled machine directly, calling the model's own
 * guards and assignments, with the configuration as leaf indices (one per region) and the
 * context as plain data. Implements the same `TransitionSystem` contract as the reference
 * adapter, with the same keys, so the two are interchangeable (a differential test holds them
 * to it). Follows xstate's selection rules: per region, the deepest state with a handler whose
 * guard passes wins, guards see the context before any action, assignments run in order, then
 * `always` transitions until none is enabled.
 */
export function createCompiledSystem<P extends ParamValues>(model: ModelDefinition<P>, params: P, cm: CompiledMachine, omit?: ContextProjection): XstateSystem {
  const activeIds: (readonly string[] | undefined)[] = [];
  /** While a step settles: whether to note the always transitions it takes, and those noted, in order. */
  let recordingOn = false;
  let recording: TransitionRef[] | undefined;
  const regionCount = cm.initialLeaves.length;
  // Without the auxiliary fields (`omit`), the key and the fingerprint are those of the context
  // without them, laid out as the initial context without them; the fingerprint takes each
  // field without them as it reads it.
  const keyed = omit ? omit.context : (c: Record<string, unknown>) => c;
  const contextKey = contextSerializer(keyed(cm.initialContext));
  const fingerprinter = contextFingerprinter(keyed(cm.initialContext), omit);
  const merge = contextMerger(cm.layout);

  const configs = new ConfigurationTable(cm, fingerprinter.seedOf, canTake);

  const label = (s: CompiledSnapshot) => formatStateValue(s.value);
  const eventLabel = (e: EventObject) => {
    try {
      return canonicalJson(e);
    } catch {
      return e.type;
    }
  };

  /** `where` names the state in an error: a snapshot, or the leaves of one being settled. */
  function guardPasses(t: CTransition, context: unknown, event: EventObject, where: CompiledSnapshot | readonly number[]): boolean {
    if (!t.guard) return true;
    try {
      return !!t.guard({ context, event });
    } catch (error) {
      const state = where instanceof CompiledSnapshot ? label(where) : formatStateValue(configs.valueOf(where));
      throw modelException(error, `model ${model.name}: a guard threw on event ${eventLabel(event)} in state ${state}`);
    }
  }

  const NO_TRANSITIONS: readonly CTransition[] = [];
  /** Per leaf and event type: the leaf's handlers, then its ancestors', below the parallel root. */
  const leafLists = cm.leaves.map(() => new Map<string, readonly CTransition[]>());
  function leafList(leaf: number, type: string): readonly CTransition[] {
    const cache = leafLists[leaf]!;
    let list = cache.get(type);
    if (list === undefined) {
      const flat: CTransition[] = [];
      for (const node of cm.leaves[leaf]!.path) {
        if (node.region < 0) break; // the parallel root: only when no region handles the event
        flat.push(...(node.on.get(type) ?? []));
      }
      cache.set(type, (list = flat.length > 0 ? flat : NO_TRANSITIONS));
    }
    return list;
  }
  /** Per configuration and event type: the regions that may take it, with their candidates in order. */
  function handlersOf(config: Configuration, type: string): Handlers {
    let h = config.handlers.get(type);
    if (h === undefined) {
      const regions: number[] = [];
      const lists: (readonly CTransition[])[] = [];
      config.leaves.forEach((leaf, r) => {
        const list = leafList(leaf, type);
        if (list.length > 0) {
          regions.push(r);
          lists.push(list);
        }
      });
      const rootOn = cm.parallelRoot ? cm.leaves[config.leaves[0]!]!.path.at(-1)!.on.get(type) : undefined;
      config.handlers.set(type, (h = { type, regions, lists, root: rootOn ?? NO_TRANSITIONS }));
    }
    return h;
  }

  // The selection of the step being taken: transitions and their regions. Guards and
  // assignments see only `{ context, event }`, so nothing re-enters a selection in progress.
  const selT: CTransition[] = [];
  const selR: number[] = [];

  /** Selects the transitions xstate takes for `event` into selT/selR (one per region at most, or the root's); returns how many. */
  function selectInto(s: CompiledSnapshot, event: EventObject, h: Handlers): number {
    let n = 0;
    for (let k = 0; k < h.lists.length; k++) {
      const list = h.lists[k]!;
      for (let j = 0; j < list.length; j++) {
        const t = list[j]!;
        if (guardPasses(t, s.context, event, s)) {
          selT[n] = t;
          selR[n++] = h.regions[k]!;
          break;
        }
      }
    }
    if (n === 0) {
      for (const t of h.root) {
        if (guardPasses(t, s.context, event, s)) {
          selT[n] = t;
          selR[n++] = -1;
          break;
        }
      }
    }
    return n;
  }

  /** The transitions xstate selects for `event`, as a fresh list (for `can()` and actors). */
  function select(s: CompiledSnapshot, event: EventObject): Selected[] {
    const n = selectInto(s, event, handlersOf(s.config, event.type));
    const out: Selected[] = [];
    for (let i = 0; i < n; i++) out.push({ t: selT[i]!, region: selR[i]! });
    return out;
  }

  /**
   * Per configuration, the regions whose leaf or an ancestor declares `always` transitions,
   * each with its candidates in xstate's order (the leaf's first): empty where none can fire.
   */
  const alwaysLists: (readonly { region: number; list: readonly CTransition[] }[] | undefined)[] = [];
  function alwaysOf(config: Configuration): readonly { region: number; list: readonly CTransition[] }[] {
    let lists = alwaysLists[config.index];
    if (lists === undefined) {
      const found: { region: number; list: readonly CTransition[] }[] = [];
      config.leaves.forEach((leaf, region) => {
        const list = cm.leaves[leaf]!.path.flatMap((node) => node.always);
        if (list.length > 0) found.push({ region, list });
      });
      alwaysLists[config.index] = lists = found;
    }
    return lists;
  }

  const NONE_SELECTED: readonly Selected[] = [];
  /** Per region, the first `always` transition whose guard passes. */
  function selectAlways(config: Configuration, context: unknown, event: EventObject): readonly Selected[] {
    let out: Selected[] | undefined;
    for (const { region, list } of alwaysOf(config)) {
      for (const t of list) {
        if (guardPasses(t, context, event, config.leaves)) {
          (out ??= []).push({ t, region });
          break;
        }
      }
    }
    return out ?? NONE_SELECTED;
  }

  /**
   * One assign action: the model's function, its result merged over the context as xstate does.
   * `shaped` tells whether `ctx` has exactly the layout's keys; afterwards `lastShaped` tells it
   * of the result.
   */
  let lastShaped = false;
  function assignWith(a: Assignment, ctx: Record<string, unknown>, event: EventObject, shaped: boolean): Record<string, unknown> {
    let partial: Record<string, unknown>;
    try {
      partial = a({ context: ctx, event });
    } catch (error) {
      throw modelException(error, `model ${model.name}: an action threw on event ${eventLabel(event)}`);
    }
    if (shaped && merge) {
      const merged = merge(ctx, partial);
      if (merged) {
        lastShaped = true;
        return merged;
      }
    }
    lastShaped = false;
    return Object.assign({}, ctx, partial);
  }

  /** A property-form assign fused with the merge (`layoutAssigner`): the result is layout-shaped. */
  function layoutAssignWith(a: LayoutAssigner, ctx: Record<string, unknown>, event: EventObject): Record<string, unknown> {
    try {
      return a(ctx, event);
    } catch (error) {
      throw modelException(error, `model ${model.name}: an action threw on event ${eventLabel(event)}`);
    }
  }

  function apply(selected: readonly Selected[], leaves: number[], context: Record<string, unknown>, event: EventObject): Record<string, unknown> {
    let ctx = context;
    for (const { t, region } of selected) {
      for (const a of t.assigns) ctx = assignWith(a, ctx, event, false);
      if (t.targetLeaf >= 0 && region >= 0) leaves[region] = t.targetLeaf;
    }
    return ctx;
  }

  function settle(leaves: number[], context: Record<string, unknown>, event: EventObject, shaped: boolean): CompiledSnapshot {
    return settleFrom(configs.of(leaves), context, event, shaped);
  }

  /** Runs `always` transitions from `config` until none is enabled. */
  function settleFrom(config: Configuration, context: Record<string, unknown>, event: EventObject, shaped: boolean): CompiledSnapshot {
    let ctx = context;
    if (!config.settles) return new CompiledSnapshot(config, ctx, shaped, undefined);
    for (let i = 0; config.status !== 'done'; i++) {
      const selected = selectAlways(config, ctx, event);
      if (selected.length === 0) break;
      if (recordingOn) for (const x of selected) (recording ??= []).push(x.t.ref);
      if (i >= MAX_MICROSTEPS) throw new ModelError('model-exception', `model ${model.name}: always transitions did not settle after ${MAX_MICROSTEPS} microsteps`);
      const leaves = [...config.leaves];
      ctx = apply(selected, leaves, ctx, event);
      config = configs.of(leaves);
    }
    return new CompiledSnapshot(config, ctx, shaped && ctx === context, undefined);
  }

  function canTake(s: CompiledSnapshot, event: EventObject): boolean {
    if (s.status !== 'active') return false;
    return select(s, event).some(({ t }) => t.targetLeaf >= 0 || t.hasActions);
  }

  function step(s: CompiledSnapshot, event: EventObject, h = handlersOf(s.config, event.type)): CompiledSnapshot | undefined {
    const n = selectInto(s, event, h);
    let moves = false;
    let acts = false;
    for (let i = 0; i < n; i++) {
      const t = selT[i]!;
      if (t.targetLeaf >= 0 && selR[i]! >= 0) moves = true;
      if (t.targetLeaf >= 0 || t.hasActions) acts = true;
    }
    if (!acts) return undefined;
    // Assignments run in selection order, each on the context the previous one produced.
    let ctx = s.context;
    let shaped = s.shaped;
    for (let i = 0; i < n; i++) {
      const t = selT[i]!;
      if (shaped && t.layoutAssign !== undefined) {
        ctx = layoutAssignWith(t.layoutAssign, ctx, event);
        continue;
      }
      const assigns = t.assigns;
      for (let j = 0; j < assigns.length; j++) {
        ctx = assignWith(assigns[j]!, ctx, event, shaped);
        shaped = lastShaped;
      }
    }
    // What the step took, kept on the state it makes (coverage reads it there instead of stepping again).
    let refs = selT[0]!.refs;
    if (n > 1) {
      const all: TransitionRef[] = [];
      for (let i = 0; i < n; i++) all.push(selT[i]!.ref);
      refs = all;
    }
    let config = s.config;
    if (moves) {
      const leaves = [...config.leaves];
      for (let i = 0; i < n; i++) if (selT[i]!.targetLeaf >= 0 && selR[i]! >= 0) leaves[selR[i]!] = selT[i]!.targetLeaf;
      config = configs.of(leaves);
    }
    if (!config.settles) return new CompiledSnapshot(config, ctx, shaped, refs);
    recordingOn = true;
    recording = undefined;
    const out = settleFrom(config, ctx, event, shaped);
    out.taken = recording !== undefined ? [...refs, ...recording] : refs;
    recordingOn = false;
    recording = undefined;
    return out;
  }

  const view = model.view;
  function key(s: CompiledSnapshot): string {
    try {
      if (view) return canonicalJson(view(s as never, params), 'view');
      return s.config.valueKey + '|' + contextKey(keyed(s.context));
    } catch (error) {
      if (error instanceof NonJsonValueError) {
        throw new ModelError('non-json-context', `model ${model.name}: ${error.message} in state ${label(s)}; keep context as plain JSON (objects, arrays, strings, finite numbers, booleans, null)`, { cause: error });
      }
      throw new ModelError('model-exception', `model ${model.name}: view threw in state ${label(s)}: ${describeThrown(error)}`, { cause: error });
    }
  }

  /**
   * With a view (or symmetry), the fingerprint is the view value's structural hash: a function
   * of the key, `canonicalJson(view)`, without writing it. A view that throws, or returns what
   * the key refuses, goes through `key` for its error.
   */
  // A view (a symmetry's canonical form) is a new value around the state's own parts: those are
  // known by identity.
  const viewHasher = new ValueHasher(true);
  function viewFingerprint(s: CompiledSnapshot, out: Fingerprint): void {
    let v: unknown;
    try {
      v = view!(s as never, params);
    } catch {
      key(s); // throws the model error naming the state
    }
    if (v === undefined || !viewHasher.hash(v)) {
      fingerprint64(key(s), out);
      return;
    }
    out.hi = viewHasher.b >>> 0;
    out.lo = viewHasher.a >>> 0;
    if (out.hi === 0 && out.lo === 0) out.lo = 1;
  }

  function candidates(s: CompiledSnapshot): readonly EventObject[] {
    try {
      return model.events(s as never, params);
    } catch (error) {
      throw modelException(error, `model ${model.name}: events() threw in state ${label(s)}`);
    }
  }

  function expand(s: CompiledSnapshot): Expansion<CompiledSnapshot, EventObject> {
    if (s.status !== 'active') return { events: [], states: [] };
    const events: EventObject[] = [];
    const states: CompiledSnapshot[] = [];
    const config = s.config;
    const all = candidates(s);
    if (config.alphabet === undefined) {
      config.alphabet = all;
      config.alphabetHandlers = all.map((e) => handlersOf(config, e.type));
    }
    const known = config.alphabet === all ? config.alphabetHandlers : undefined;
    for (let j = 0; j < all.length; j++) {
      const e = all[j]!;
      // the list may be the same array with other events in it now: the type tells
      let h = known?.[j];
      if (h === undefined || h.type !== e.type) h = handlersOf(config, e.type);
      if (h.lists.length === 0 && h.root.length === 0) continue; // no transition takes it here
      const next = step(s, e, h);
      if (next) {
        events.push(e);
        states.push(next);
      }
    }
    return { events, states };
  }

  // The frontier's encoding: the configuration's number, then the context, value by value in
  // the layout's order when it has exactly the layout's keys; a value that is the very object
  // the previous state held there is one byte (`writeSlot`).
  const layoutKeys = cm.layout ?? [];
  // A layout-shaped context is read back as one object literal (fixed shape, as contextMerger's).
  const readLayout = merge
    ? (new Function('q', `return { ${layoutKeys.map((k, i) => `${JSON.stringify(k)}: q.readSlot(${i})`).join(', ')} };`) as (q: ValueQueue) => Record<string, unknown>)
    : undefined;
  // ... and written the same way, each value a fixed-name load.
  const writeLayout = merge
    ? (new Function('q', 'c', layoutKeys.map((k, i) => `q.writeSlot(${i}, c[${JSON.stringify(k)}]);`).join('\n')) as (q: ValueQueue, c: Record<string, unknown>) => void)
    : undefined;
  /** The context, value by value in the layout's order when it has exactly the layout's keys. */
  function writeContext(s: CompiledSnapshot, q: ValueQueue): void {
    const ctx = s.context;
    if (s.shaped && writeLayout) {
      q.writeTag(1);
      writeLayout(q, ctx);
    } else {
      q.writeTag(0);
      q.writeValue(ctx);
    }
  }
  function readState(config: Configuration, q: ValueQueue): CompiledSnapshot {
    if (q.readTag() === 0) return new CompiledSnapshot(config, q.readValue() as Record<string, unknown>, false, undefined);
    return new CompiledSnapshot(config, readLayout!(q), true, undefined);
  }
  const codec: StateCodec<CompiledSnapshot> = {
    write(s, q) {
      q.writeNumber(s.config.index);
      writeContext(s, q);
    },
    read: (q) => readState(configs.at(q.readNumber()), q),
  };
  // Across threads: the configuration by its leaves, not by this instance's number for it.
  const wireCodec: StateCodec<CompiledSnapshot> = {
    write(s, q) {
      const leaves = s.config.leaves;
      for (let r = 0; r < regionCount; r++) q.writeNumber(leaves[r]!);
      writeContext(s, q);
    },
    read(q) {
      const leaves: number[] = [];
      for (let r = 0; r < regionCount; r++) leaves.push(q.readNumber());
      return readState(configs.of(leaves), q);
    },
  };

  const initialEvent = { type: 'xstate.init' } as EventObject;
  return {
    machine: cm.machine,
    initialState() {
      return settle([...cm.initialLeaves], cm.initialContext, initialEvent, merge !== undefined) as never;
    },
    enabledEvents: (s) => expand(s as never).events,
    next(s, e) {
      const n = step(s as never, e);
      if (!n) throw new ModelError('model-exception', `event ${eventLabel(e)} is not enabled in state ${label(s as never)}`);
      return n as never;
    },
    expand: expand as never,
    codec: codec as never,
    wireCodec: wireCodec as never,
    takenTransitions(s, e, next) {
      const recorded = (next as CompiledSnapshot | undefined)?.taken;
      return recorded ?? step(s as never, e)?.taken ?? [];
    },
    activeStates(s) {
      const config = (s as unknown as CompiledSnapshot).config;
      let ids = activeIds[config.index];
      if (!ids) {
        const set = new Set<string>();
        for (const leaf of config.leaves) for (const n of cm.leaves[leaf]!.path) set.add(n.node.id);
        activeIds[config.index] = ids = [...set];
      }
      return ids;
    },
    key: key as never,
    fingerprint: (view ? viewFingerprint : (s: CompiledSnapshot, out: Fingerprint) => fingerprinter.fingerprint(s.config.seed, s.context, s.shaped, out, key, s)) as never,
    actorOf(s, event) {
      const fromModel = model.actorOf?.(event, params);
      if (fromModel !== undefined) return fromModel;
      if (!cm.parallelRoot) return undefined;
      const regions = select(s as never, event).filter((x) => x.region >= 0).map((x) => cm.regions[x.region]!);
      return regions.length > 0 ? [...new Set(regions)].join('+') : undefined;
    },
  };
}
