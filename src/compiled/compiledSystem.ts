import { matchesState, type EventObject } from 'xstate';
import type { ModelDefinition } from '../model/defineModel.ts';
import type { ContextProjection } from '../model/withoutAuxiliary.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, describeThrown, modelException } from '../model/errors.ts';
import { canonicalJson, NonJsonValueError } from '../adapter/canonicalJson.ts';
import { formatStateValue } from '../adapter/formatStateValue.ts';
import type { XstateSystem } from '../adapter/xstateSystem.ts';
import { environmentEvents, isEnvironmentEvent, resolveEnvironment, type Environment } from '../adapter/environment.ts';
import type { Expansion, TransitionRef } from '../search/TransitionSystem.ts';
import type { CompiledMachine } from './compileMachine.ts';
import type { GuardScope } from './compileGuard.ts';
import { CompiledSnapshot } from './CompiledSnapshot.ts';
import type { Configuration, Handlers, Plan } from './Configuration.ts';
import { ConfigurationTable } from './ConfigurationTable.ts';
import { offersAny } from './handlersOf.ts';
import { planInitial, planStep } from './planStep.ts';
import { contextSerializer } from './contextSerializer.ts';
import { contextFingerprinter } from './contextFingerprint.ts';
import { contextMerger } from './contextMerger.ts';
import { fingerprint64, type Fingerprint } from '../store/fingerprint.ts';
import { ValueHasher } from './valueHash.ts';
import { TransitionSelector, eventLabel } from './TransitionSelector.ts';
import { OpRunner } from './OpRunner.ts';
import { compiledCodecs } from './compiledCodec.ts';
import { MutationWatch } from '../model/mutationWatch.ts';
import { eventListChecker } from '../model/eventListChecker.ts';

const MAX_MICROSTEPS = 1000;
const NO_REFS: readonly TransitionRef[] = Object.freeze([]);
const NO_ENVIRONMENT = Object.freeze({ events: Object.freeze([]) as readonly EventObject[], failures: new Set<EventObject>() as ReadonlySet<EventObject> });

/**
 * The compiled execution path: steps a compiled machine directly, calling the model's own
 * guards and actions, with the configuration (active states, history, status) as a numbered
 * `Configuration` and the context as plain data. Implements the same `TransitionSystem`
 * contract as the reference adapter, with the same keys, so the two are interchangeable (a
 * differential test holds them to it). Follows xstate's macrostep: the transitions an event
 * selects (`TransitionSelector`), one microstep for them (exit, transition and entry actions in
 * xstate's order, worked out once per configuration by `planStep`, run by `OpRunner`), then
 * eventless transitions and the internal queue (raised events, done events) until neither has
 * anything. The environment's events (delayed transitions, invoked actors;
 * adapter/environment.ts) are offered after the model's.
 */
export function createCompiledSystem<P extends ParamValues>(
  model: ModelDefinition<P>,
  params: P,
  cm: CompiledMachine,
  omit?: ContextProjection,
  environment: Environment = resolveEnvironment(undefined),
  /** Check every expansion for writes into the context (`--check-determinism`), not a sample (`MutationWatch`). */
  everyMutationCheck = false,
): XstateSystem {
  const mutations = new MutationWatch(model.name, everyMutationCheck);
  // Without the auxiliary fields (`omit`), the key and the fingerprint are those of the context
  // without them, laid out as the initial context without them; the fingerprint takes each
  // field without them as it reads it.
  const keyed = omit ? omit.context : (c: Record<string, unknown>) => c;
  const contextKey = contextSerializer(keyed(cm.initialContext));
  const fingerprinter = contextFingerprinter(keyed(cm.initialContext), omit);
  const merge = contextMerger(cm.layout);

  // a machine with no delayed transitions and no invoked actors has no environment's events anywhere
  const noEnvironment = (!environment.delays && !environment.actors) || !cm.nodes.some((n) => n.node.after.length > 0 || n.node.invoke.length > 0);
  const configs = new ConfigurationTable(cm, fingerprinter.seedOf, canTake);
  const selector = new TransitionSelector(model as ModelDefinition<ParamValues>, cm);
  const selT = selector.taken;
  const runner = new OpRunner(model as ModelDefinition<ParamValues>, cm, merge);
  const label = (c: Configuration) => formatStateValue(c.value);

  /** The transitions xstate selects for `event` (for `can()` and actors). */
  function select(s: CompiledSnapshot, event: EventObject): { t: (typeof selT)[number]; region: number }[] {
    const n = selector.select(s.config, s.context, event, selector.handlers(s.config, event.type));
    const out: { t: (typeof selT)[number]; region: number }[] = [];
    for (let i = 0; i < n; i++) out.push({ t: selT[i]!, region: selector.regions[i]! });
    return out;
  }

  /**
   * The plan of the microstep from `config` taking the `n` transitions the selector holds, on
   * `event`. A step after which xstate's configuration would be inconsistent is a model error.
   */
  function planFor(config: Configuration, n: number, event: EventObject): Plan {
    let plan: Plan | undefined;
    if (config.number >= 0) {
      // a flat configuration: its plans are kept by the table, for the last configurations met
      // (a step of one region is planned per leaf, and only placed into the configuration here)
      const t = selT[0]!;
      if (n === 1) {
        const list = configs.flatPlansOf(config.number);
        plan = list[t.uid] ??= planStep(cm, configs, config, [t]);
      } else {
        const taken = selT.slice(0, n);
        const key = `${config.number}|${taken.map((x) => x.uid).join(',')}`;
        plan = configs.flatPlan(key) ?? configs.keepFlatPlan(key, planStep(cm, configs, config, taken));
      }
    } else if (n === 1) {
      const t = selT[0]!;
      plan = config.plans[t.uid] ??= planStep(cm, configs, config, [t]);
    } else {
      const taken = selT.slice(0, n);
      const key = taken.map((t) => t.uid).join(',');
      plan = config.plansOfSets.get(key);
      if (plan === undefined) config.plansOfSets.set(key, (plan = planStep(cm, configs, config, taken)));
    }
    if (plan.fault !== undefined) throw inconsistent(event, config, plan.fault);
    return plan;
  }

  const inconsistent = (event: EventObject, config: Configuration, fault: string) =>
    new ModelError('inconsistent-step', `model ${model.name}: event ${eventLabel(event)} in state ${label(config)} leaves xstate's configuration inconsistent (${fault}); lucheck does not go on from such a state`);

  /** What the step being taken took, in order, when more than its first microstep. */
  let taken: TransitionRef[] | undefined;
  /** The configuration `settle` ended in. */
  let settled: Configuration;

  /** Runs eventless transitions and the internal queue until neither has anything (xstate's macrostep loop), from `config`. */
  function settle(config: Configuration, context: Record<string, unknown>, shaped: boolean, event: EventObject): Record<string, unknown> {
    let ctx = context;
    let last = event;
    let eventlessToo = true;
    for (let i = 0; config.status === 'active'; i++) {
      if (i >= MAX_MICROSTEPS) throw new ModelError('model-exception', `model ${model.name}: the step did not settle after ${MAX_MICROSTEPS} microsteps (always transitions or raised events in a cycle)`);
      let n: number = eventlessToo && config.settles ? selector.selectEventless(config, ctx, last) : 0;
      const eventless: boolean = n > 0;
      if (!eventless) {
        const queue = runner.queue;
        if (queue === undefined || queue.length === 0) break;
        last = queue.shift()!;
        n = selector.select(config, ctx, last, selector.handlers(config, last.type));
        if (n === 0) {
          eventlessToo = true;
          continue;
        }
      }
      const plan = planFor(config, n, last);
      runner.assigned = false;
      ctx = runner.run(plan.ops, ctx, shaped, last, config);
      shaped = runner.lastShaped;
      if (plan.refs.length > 0) (taken ??= []).push(...plan.refs);
      // xstate selects eventless transitions again only when the last eventless microstep changed the snapshot
      eventlessToo = !eventless || plan.changes || runner.assigned;
      config = plan.target;
    }
    settled = config;
    runner.lastShaped = shaped;
    return ctx;
  }

  function canTake(s: CompiledSnapshot, event: EventObject): boolean {
    if (s.status !== 'active') return false;
    return select(s, event).some(({ t }) => t.hasTarget || t.hasActions);
  }

  /**
   * The successor of `s` by `event`, or undefined where the machine cannot take it (no
   * transition, or only forbidden ones). `failure`: the event is an invoked actor's failure
   * offered by the environment, which stops the machine in status 'error' where no transition
   * takes it.
   */
  function step(s: CompiledSnapshot, event: EventObject, h = selector.handlers(s.config, event.type), failure = false): CompiledSnapshot | undefined {
    const config = s.config;
    const n = selector.select(config, s.context, event, h);
    if (n === 0 && failure) return new CompiledSnapshot(configs.errorTwinOf(config), s.context, s.shaped, NO_REFS, (event as { error?: unknown }).error);
    let acts = false;
    for (let i = 0; i < n; i++) if (selT[i]!.hasTarget || selT[i]!.hasActions) acts = true;
    if (!acts) return undefined;
    if (n === 1 && config.number >= 0 && selT[0]!.localRegion >= 0) {
      // one region's step from a flat configuration, planned for its leaf: when it only assigns,
      // its target is the configuration's number moved by the leaf's place
      const t = selT[0]!;
      const r = t.localRegion;
      const moves = t.localMoves;
      const leaf = moves === undefined ? -2 : moves[config.leaves[r]!]!;
      if (leaf >= 0) {
        // made only when the table holds it or it must settle; else known by number and seed
        const target = configs.moveLazily(config, r, leaf);
        if (target === undefined || !target.settles) {
          let ctx = s.context;
          let shaped = s.shaped;
          if (t.layoutAssign !== undefined && shaped) ctx = runner.layoutAssign(t.layoutAssign, ctx, event);
          else {
            const assigns = t.assigns!;
            for (let j = 0; j < assigns.length; j++) {
              ctx = runner.assign(assigns[j]!, ctx, event, shaped);
              shaped = runner.lastShaped;
            }
          }
          return target !== undefined ? new CompiledSnapshot(target, ctx, shaped, t.refs) : CompiledSnapshot.flatStep(configs, configs.movedNumber, configs.movedHi, configs.movedLo, ctx, shaped, t.refs);
        }
      }
    }
    const plan = planFor(config, n, event);
    let ctx = s.context;
    let shaped = s.shaped;
    if (plan.simple && !plan.target.settles) {
      // Only assigns: run in selection order, each on the context the previous one produced.
      const ts = plan.taken;
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i]!;
        if (shaped && t.layoutAssign !== undefined) {
          ctx = runner.layoutAssign(t.layoutAssign, ctx, event);
          continue;
        }
        const assigns = t.assigns!;
        for (let j = 0; j < assigns.length; j++) {
          ctx = runner.assign(assigns[j]!, ctx, event, shaped);
          shaped = runner.lastShaped;
        }
      }
      return new CompiledSnapshot(plan.target, ctx, shaped, plan.refs);
    }
    runner.reset();
    taken = undefined;
    ctx = runner.run(plan.ops, ctx, shaped, event, config);
    shaped = runner.lastShaped;
    let target = plan.target;
    if (runner.queue !== undefined || target.settles) {
      taken = [...plan.refs];
      ctx = settle(target, ctx, shaped, event);
      shaped = runner.lastShaped;
      target = settled;
    }
    const refs = taken ?? plan.refs;
    taken = undefined;
    const output = runner.output;
    runner.reset();
    return new CompiledSnapshot(target, ctx, shaped, refs, target.status === 'done' ? output : undefined);
  }

  const view = model.view;
  function key(s: CompiledSnapshot): string {
    try {
      if (view) return canonicalJson(view(s as never, params), 'view');
      return s.config.valueKey + '|' + contextKey(keyed(s.context)) + s.config.keySuffix;
    } catch (error) {
      if (error instanceof NonJsonValueError) {
        throw new ModelError('non-json-context', `model ${model.name}: ${error.message} in state ${label(s.config)}; keep context as plain JSON (objects, arrays, strings, finite numbers, booleans, null)`, { cause: error });
      }
      throw new ModelError('model-exception', `model ${model.name}: view threw in state ${label(s.config)}: ${describeThrown(error)}`, { cause: error });
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

  const checkEvents = eventListChecker(model.name, (s: CompiledSnapshot) => label(s.config));
  function candidates(s: CompiledSnapshot): readonly EventObject[] {
    let list: unknown;
    try {
      list = model.events(s as never, params);
    } catch (error) {
      throw modelException(error, `model ${model.name}: events() threw in state ${label(s.config)}`);
    }
    return checkEvents(list, s);
  }

  /** The environment's events in a configuration (delayed transitions, invoked actors), worked out once. */
  function environmentOf(config: Configuration): NonNullable<Configuration['environment']> {
    if (noEnvironment) return NO_ENVIRONMENT;
    return (config.environment ??= environmentEvents(
      [...config.activeNodes].map((n) => cm.nodes[n.order]!.node),
      environment,
    ));
  }

  /** The enabled events of `s` with their successors; the guards, actions and events() they run must leave its context as it was (`MutationWatch`). */
  function expand(s: CompiledSnapshot): Expansion<CompiledSnapshot, EventObject> {
    const events: EventObject[] = [];
    const states: CompiledSnapshot[] = [];
    expandInto(s, events, states); // writes exactly its count of items, from index 0
    return { events, states };
  }

  /** `expand` into the caller's arrays (see `TransitionSystem.expandInto`): how many it wrote. */
  function expandInto(s: CompiledSnapshot, events: EventObject[], states: CompiledSnapshot[]): number {
    if (s.status !== 'active') return 0;
    const before = mutations.begin(s.context);
    const n = expandState(s, events, states);
    if (before !== undefined) endMutationCheck(s, before);
    return n;
  }

  /** The end of `expandInto`'s check for writes into `s`'s context. Apart: its closures capture `s`, which would make V8 allocate `expandInto`'s scope on every call. */
  function endMutationCheck(s: CompiledSnapshot, before: string): void {
    mutations.end(s.context, before, () => `expanding state ${label(s.config)} (its events(), guards and actions)`, (copy) => expandState(new CompiledSnapshot(s.config, copy as Record<string, unknown>, false, undefined), [], []));
  }

  /** The candidate list of the state expanded last. */
  let lastList: readonly EventObject[] | undefined;
  /** Writes the enabled events of `s` and their successors at 0, 1, ... of `events` and `states`; returns how many. */
  function expandState(s: CompiledSnapshot, events: EventObject[], states: CompiledSnapshot[]): number {
    const config = s.config;
    const all = candidates(s);
    let k = 0;
    if (config.number >= 0) {
      const again = all === lastList;
      lastList = all;
      if (again && Object.isFrozen(all)) {
        // the same frozen list as the state before (as models hand every state one alphabet):
        // only the events some active leaf's region (or several, or the root) has transitions for
        const n = selector.offeredAt(config, all);
        const offered = selector.offered;
        for (let o = 0; o < n; o++) {
          const j = offered[o]!;
          k = offer(s, all[j]!, selector.handlersAt(config, all, j), events, states, k);
        }
      } else for (let j = 0; j < all.length; j++) k = offer(s, all[j]!, selector.handlersAt(config, all, j), events, states, k);
      return environmentSteps(s, events, states, k);
    }
    if (config.alphabet === undefined) keepAlphabet(config, all);
    const known = config.alphabet === all ? config.alphabetHandlers : undefined;
    for (let j = 0; j < all.length; j++) {
      const e = all[j]!;
      // the list may be the same array with other events in it now: the type tells
      let h = known?.[j];
      if (h === undefined || h.type !== e.type) h = selector.handlers(config, e.type);
      k = offer(s, e, h, events, states, k);
    }
    return environmentSteps(s, events, states, k);
  }

  /** Keeps the candidate list `all` with its handlers on `config`. Apart: its closure captures `config`, which would make V8 allocate `expandState`'s scope on every call. */
  function keepAlphabet(config: Configuration, all: readonly EventObject[]): void {
    config.alphabet = all;
    config.alphabetHandlers = all.map((e) => selector.handlers(config, e.type));
  }

  /** The successor of `s` by the model's event `e` with its handlers `h`, written at `k` if the machine takes it there; the count after it. */
  function offer(s: CompiledSnapshot, e: EventObject, h: Handlers, events: EventObject[], states: CompiledSnapshot[], k: number): number {
    if (h.lists.length === 0 && h.root.length === 0 && h.tree === undefined) return k; // no transition takes it here
    const next = step(s, e, h);
    if (next === undefined) return k;
    events[k] = e;
    states[k] = next;
    return k + 1;
  }

  /** The environment's events enabled in `s`, with their successors, written from `k` after the model's; the count after them. */
  function environmentSteps(s: CompiledSnapshot, events: EventObject[], states: CompiledSnapshot[], k: number): number {
    if (noEnvironment) return k;
    const env = environmentOf(s.config);
    for (const e of env.events) {
      const h = selector.handlers(s.config, e.type);
      const failure = env.failures.has(e);
      if (!failure && !offersAny(h)) continue;
      const next = step(s, e, h, failure);
      if (next) {
        events[k] = e;
        states[k] = next;
        k++;
      }
    }
    return k;
  }

  /** Whether `event` is an invoked actor's failure the environment offers in `s` (replayed from a trace). */
  function isFailureHere(s: CompiledSnapshot, event: EventObject): boolean {
    if (!event.type.startsWith('xstate.error.actor.')) return false;
    const text = canonicalJson(event);
    for (const f of environmentOf(s.config).failures) if (canonicalJson(f) === text) return true;
    return false;
  }

  const INIT_EVENT = Object.freeze({ type: 'xstate.init', input: cm.input }) as EventObject;
  const preInitial: GuardScope = { matches: (v) => matchesState(v, {}), isActive: (id) => id === cm.root.id };
  let initialPlan: Plan | undefined;
  function initialState(): CompiledSnapshot {
    initialPlan ??= planInitial(cm, configs);
    runner.reset();
    taken = undefined;
    let ctx = runner.run(initialPlan.ops, cm.initialContext, merge !== undefined, INIT_EVENT, preInitial);
    ctx = settle(initialPlan.target, ctx, runner.lastShaped, INIT_EVENT);
    const shaped = runner.lastShaped;
    const config = settled;
    const output = runner.output;
    runner.reset();
    taken = undefined;
    return new CompiledSnapshot(config, ctx, shaped, undefined, config.status === 'done' ? output : undefined);
  }

  const { codec, wireCodec } = compiledCodecs(cm, configs, merge !== undefined);
  return {
    machine: cm.machine,
    initialState: initialState as never,
    enabledEvents: (s) => expand(s as never).events,
    next(s, e) {
      const snap = s as unknown as CompiledSnapshot;
      const n = step(snap, e, undefined, isFailureHere(snap, e));
      if (!n) throw new ModelError('model-exception', `event ${eventLabel(e)} is not enabled in state ${label(snap.config)}`);
      return n as never;
    },
    expand: expand as never,
    expandInto: expandInto as never,
    codec: codec as never,
    wireCodec: wireCodec as never,
    takenTransitions(s, e, next) {
      const recorded = (next as CompiledSnapshot | undefined)?.taken;
      return recorded ?? step(s as never, e)?.taken ?? [];
    },
    activeStates: (s) => (s as unknown as CompiledSnapshot).config.activeIds,
    key: key as never,
    fingerprint: (view ? viewFingerprint : (s: CompiledSnapshot, out: Fingerprint) => fingerprinter.fingerprint(s.seedHi, s.seedLo, s.context, s.shaped, out, key, s)) as never,
    actorOf(s, event) {
      const fromModel = model.actorOf?.(event, params);
      if (fromModel !== undefined) return fromModel;
      if (isEnvironmentEvent(event)) return 'environment';
      if (!cm.parallelRoot) return undefined;
      const regions = select(s as never, event).filter((x) => x.region >= 0).map((x) => cm.regions[x.region]!);
      return regions.length > 0 ? [...new Set(regions)].join('+') : undefined;
    },
  };
}
