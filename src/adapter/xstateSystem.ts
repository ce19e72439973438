import { createActor, initialTransition, type AnyActorScope, type AnyStateMachine, type EventObject } from 'xstate';
import { environmentEvents, isEnvironmentEvent, resolveEnvironment, type Environment, type EnvironmentNode } from './environment.ts';
import { MutationWatch } from '../model/mutationWatch.ts';
import { configurationFault, removeConflicting, type SNode, type STransition } from '../compiled/microstep.ts';
import type { Expansion, TransitionRef, TransitionSystem } from '../search/TransitionSystem.ts';
import { eventsThatMayKeepConfiguration, sameNodes } from './machineShape.ts';
import type { AnySnapshot, ModelDefinition } from '../model/defineModel.ts';
import type { ContextProjection } from '../model/withoutAuxiliary.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, describeThrown, modelException } from '../model/errors.ts';
import { canonicalJson, NonJsonValueError } from './canonicalJson.ts';
import { formatStateValue } from './formatStateValue.ts';
import { eventListChecker } from '../model/eventListChecker.ts';

/** The reference adapter: an xstate machine stepped through xstate's own pure transition. */
export interface XstateSystem extends TransitionSystem<AnySnapshot, EventObject> {
  readonly machine: AnyStateMachine;
  /** The actor (top-level region) an event belongs to in `snapshot`, for traces. */
  actorOf(snapshot: AnySnapshot, event: EventObject): string | undefined;
}

/** Where a successor snapshot keeps the transitions the step that made it took (for coverage). */
const TAKEN = Symbol('lucheck.taken');

/** An action as xstate hands it to the scope's executor. */
interface ExecutedAction {
  readonly type: string;
  readonly params?: { readonly delay?: unknown; readonly id?: unknown; readonly to?: unknown };
}

/** What a step tells the scope as it runs: the transitions of each microstep, and each action it collects. */
interface ScopeHooks {
  onMicrostep(transitions: readonly STransition[], after: AnySnapshot): void;
  onAction(action: ExecutedAction): void;
}

/**
 * An inert actor scope, reused for every step: actions other than `assign`/`raise` are
 * collected by xstate and never executed, and nothing is started. Reusing one scope instead of
 * calling the public `transition()` helper (which builds a fresh actor each call) is what makes
 * stepping cheap. Its system reports each microstep's transitions and each collected action to
 * `hooks`, and lets an invoked actor with a `systemId` be made again at every step.
 */
function createInertScope(machine: AnyStateMachine, hooks: ScopeHooks): AnyActorScope {
  const self = createActor(machine);
  const noop = () => {};
  // The machine is checked as an actor whose parent takes whatever it sends it (`sendParent`).
  (self as unknown as { _parent: unknown })._parent = { id: '(parent)', send: noop };
  const base = self.system as unknown as Record<string, unknown>;
  base._set = noop;
  const system = Object.create(base, {
    _sendInspectionEvent: {
      value(e: { type: string; _transitions?: readonly STransition[]; snapshot?: AnySnapshot }) {
        if (e.type === '@xstate.microstep' && e._transitions) hooks.onMicrostep(e._transitions, e.snapshot!);
      },
    },
  });
  return {
    self,
    id: '',
    sessionId: '',
    logger: noop,
    defer: noop,
    emit: noop,
    stopChild: noop,
    actionExecutor: (a: ExecutedAction) => hooks.onAction(a),
    system,
  } as unknown as AnyActorScope;
}

function stateLabel(snapshot: AnySnapshot): string {
  try {
    return formatStateValue(snapshot.value);
  } catch {
    return '(unprintable state)';
  }
}

function eventLabel(event: EventObject): string {
  try {
    return canonicalJson(event);
  } catch {
    return event.type;
  }
}

/** The parts of xstate's TransitionDefinition that name it. */
interface ChartTransitionDef {
  eventType: string;
  source: { id: string; transitions: Map<string, readonly object[]>; always?: readonly object[] };
}

/**
 * Builds the reference `TransitionSystem` of a model for one parameter assignment: each step
 * is xstate's own `machine.transition`, its microsteps' transitions recorded for coverage.
 * `omit`: the context as its key counts it (without a model's auxiliary fields,
 * `--drop-auxiliary`). `environment`: the environment's events offered after the model's
 * (adapter/environment.ts).
 *
 * Exceptions thrown by the model (guards, actions, `events`, `view`), snapshots that end in
 * status `error` (but where an environment failure leads there), a microstep that leaves an
 * inconsistent configuration and an action no engine runs soundly become a `ModelError`
 * naming the state and the event.
 */
export function createXstateSystem<P extends ParamValues>(
  model: ModelDefinition<P>,
  params: P,
  omit?: ContextProjection,
  environment: Environment = resolveEnvironment(undefined),
  /** Check every expansion for writes into the context (`--check-determinism`), not a sample (`MutationWatch`). */
  everyMutationCheck = false,
): XstateSystem {
  const mutations = new MutationWatch(model.name, everyMutationCheck);
  let machine: AnyStateMachine;
  // What the step being taken records: its microsteps' transitions, from the snapshot before each.
  let recording: TransitionRef[] | undefined;
  let before: AnySnapshot | undefined;
  // The step being taken, for errors raised while xstate runs it.
  let stepping: { from: AnySnapshot; event: EventObject } | undefined;
  const consistent = new WeakSet<object>();
  const hooks: ScopeHooks = {
    onMicrostep(transitions, after) {
      // every microstep's configuration must be whole (`configurationFault`), as the compiled engine checks it
      const nodes = (after as unknown as { _nodes: readonly SNode[] })._nodes;
      if (!consistent.has(nodes)) {
        const fault = configurationFault(new Set(nodes));
        if (fault && stepping) throw new ModelError('inconsistent-step', `model ${model.name}: event ${eventLabel(stepping.event)} in state ${stateLabel(stepping.from)} leaves xstate's configuration inconsistent (${fault}); lucheck does not go on from such a state`);
        consistent.add(nodes);
      }
      if (recording !== undefined && before !== undefined) {
        // xstate reports the transitions it selected; those conflict removal drops did not fire
        const kept = transitions.length < 2 ? transitions : removeConflicting(transitions, new Set((before as unknown as { _nodes: readonly SNode[] })._nodes), before.historyValue as never);
        for (const t of kept) recording.push(refOf(t as unknown as ChartTransitionDef));
      }
      before = after;
    },
    onAction: (a) => refuseAtRunTime(a),
  };
  let scope: AnyActorScope;
  try {
    machine = model.machine(params) as unknown as AnyStateMachine;
    scope = createInertScope(machine, hooks);
  } catch (error) {
    throw modelException(error, `building the machine of model ${model.name} failed`);
  }
  if (typeof machine?.transition !== 'function' || typeof machine?.root !== 'object') {
    throw new ModelError('invalid-model', `model ${model.name}: machine(params) did not return an xstate v5 machine`);
  }
  const regions = machine.root.type === 'parallel' ? new Set(Object.keys(machine.root.states)) : undefined;
  const invokeIds = new Set<string>();
  const timers = new Set<string>();
  const walkNodes = (n: EnvironmentNode & { states: Record<string, unknown> }) => {
    for (const inv of n.invoke) invokeIds.add(inv.id);
    for (const d of n.after) timers.add(d.eventType);
    for (const c of Object.values(n.states)) walkNodes(c as never);
  };
  walkNodes(machine.root as never);

  /**
   * What no engine runs soundly, met as a step runs (an action that `enqueueActions` made):
   * a delayed raise, a spawned actor, an event the machine sends itself.
   */
  function refuseAtRunTime(a: ExecutedAction): void {
    const p = a.params;
    let construct: string | undefined;
    if (a.type === 'xstate.raise' && typeof p?.delay === 'number' && !timers.has(String(p.id))) construct = 'a delayed raise (raise with a delay)';
    else if (a.type === 'xstate.spawnChild' && !invokeIds.has(String(p?.id))) construct = 'spawnChild (a spawned actor\'s events and completion are not modelled; use invoke)';
    else if (a.type === 'xstate.sendTo' && p?.to === scope.self) construct = 'sendTo the machine itself (an event it sends itself arrives after the step: use raise)';
    if (construct) throw new ModelError('unsupported', `model ${model.name} uses what lucheck cannot check: ${construct}`);
  }

  /** `from` and `event` name the step in an error (none for the initial transition). */
  function checkStatus(snapshot: AnySnapshot, from?: AnySnapshot, event?: EventObject): AnySnapshot {
    if (snapshot.status === 'error' && !(event && failureEvents.has(event))) {
      const what = from && event ? `event ${eventLabel(event)} in state ${stateLabel(from)}` : 'the initial transition';
      throw new ModelError('error-status', `${what} put the machine in status 'error': ${describeThrown(snapshot.error)}`, {
        cause: snapshot.error,
      });
    }
    return snapshot;
  }

  const view = model.view;
  const valueKeys = new WeakMap<object, string>();
  function key(snapshot: AnySnapshot): string {
    try {
      if (view) return canonicalJson(view(snapshot, params), 'view');
      // xstate keeps the `_nodes` array of a snapshot whose configuration did not change, so
      // the serialized state value is computed once per configuration object.
      const nodes = (snapshot as unknown as { _nodes: object })._nodes;
      let value = valueKeys.get(nodes);
      if (value === undefined) valueKeys.set(nodes, (value = canonicalJson(snapshot.value, 'value')));
      let k = value + '|' + canonicalJson(omit ? omit.context(snapshot.context) : snapshot.context, 'context');
      // history in document order, whatever order xstate recorded it in
      const history = snapshot.historyValue as Record<string, readonly { id: string; order: number }[]> | undefined;
      if (history && Object.keys(history).length > 0) {
        const ids: Record<string, string[]> = {};
        for (const [node, targets] of Object.entries(history)) ids[node] = [...targets].sort((a, b) => a.order - b.order).map((t) => t.id);
        k += '|' + canonicalJson(ids, 'historyValue');
      }
      if (snapshot.status === 'error') k += '|error';
      return k;
    } catch (error) {
      if (error instanceof NonJsonValueError) {
        throw new ModelError(
          'non-json-context',
          `model ${model.name}: ${error.message} in state ${stateLabel(snapshot)}; keep context as plain JSON (objects, arrays, strings, finite numbers, booleans, null)`,
          { cause: error },
        );
      }
      throw new ModelError('model-exception', `model ${model.name}: view threw in state ${stateLabel(snapshot)}: ${describeThrown(error)}`, { cause: error });
    }
  }

  const ambiguous = eventsThatMayKeepConfiguration(machine);
  const checkEvents = eventListChecker(model.name, (snapshot: AnySnapshot) => stateLabel(snapshot));
  const candidatesOf = (snapshot: AnySnapshot): readonly EventObject[] => {
    let list: unknown;
    try {
      list = model.events(snapshot, params);
    } catch (error) {
      throw modelException(error, `model ${model.name}: events() threw in state ${stateLabel(snapshot)}`);
    }
    return checkEvents(list, snapshot);
  };
  const step = (snapshot: AnySnapshot, event: EventObject): AnySnapshot => {
    let next: AnySnapshot;
    try {
      before = snapshot;
      stepping = { from: snapshot, event };
      next = machine.transition(snapshot, event, scope) as AnySnapshot;
    } catch (error) {
      if (error instanceof ModelError) throw error;
      throw new ModelError(
        'model-exception',
        `model ${model.name}: a guard or action threw on event ${eventLabel(event)} in state ${stateLabel(snapshot)}: ${describeThrown(error)}`,
        { cause: error },
      );
    }
    return checkStatus(next, snapshot, event);
  };
  const can = (snapshot: AnySnapshot, event: EventObject): boolean => {
    try {
      return snapshot.can(event);
    } catch (error) {
      throw new ModelError(
        'model-exception',
        `model ${model.name}: a guard threw on event ${eventLabel(event)} in state ${stateLabel(snapshot)}: ${describeThrown(error)}`,
        { cause: error },
      );
    }
  };
  /**
   * Enabled events with their successors, deciding enabledness as `snapshot.can(event)` does
   * but from the transition itself: xstate returns the very same snapshot object when no
   * transition is selected, and a transition that exits its source for a sibling always yields
   * a new one. Events that may keep the configuration (self-loops, targetless or "forbidden"
   * transitions, cross-region targets) are settled by `can()` when the result looks unchanged.
   */
  // Coverage: a transition definition named as its source declares it; active node ids per configuration.
  const refs = new WeakMap<object, TransitionRef>();
  const refOf = (t: ChartTransitionDef): TransitionRef => {
    let ref = refs.get(t);
    if (!ref) {
      const event = t.eventType;
      const list = event === '' ? (t.source.always ?? []) : (t.source.transitions.get(event) ?? []);
      refs.set(t, (ref = Object.freeze({ source: t.source.id, event, candidate: list.indexOf(t) })));
    }
    return ref;
  };
  const activeIds = new WeakMap<object, readonly string[]>();

  // The environment's events per configuration (xstate keeps a snapshot's `_nodes` while it does not change).
  const environmentByNodes = new WeakMap<object, ReturnType<typeof environmentEvents>>();
  const failureEvents = new WeakSet<EventObject>();
  const environmentOf = (snapshot: AnySnapshot) => {
    const nodes = (snapshot as unknown as { _nodes: readonly EnvironmentNode[] })._nodes;
    let env = environmentByNodes.get(nodes);
    if (!env) {
      environmentByNodes.set(nodes, (env = environmentEvents(nodes, environment)));
      for (const f of env.failures) failureEvents.add(f);
    }
    return env;
  };
  /** Steps, keeping on a new successor the transitions its step took (coverage reads them there). */
  const stepRecording = (snapshot: AnySnapshot, event: EventObject): AnySnapshot => {
    recording = [];
    try {
      const next = step(snapshot, event);
      if (next !== snapshot) (next as unknown as Record<symbol, unknown>)[TAKEN] = recording;
      return next;
    } finally {
      recording = undefined;
    }
  };

  /** The enabled events of `snapshot` with their successors; the guards, actions and events() they run must leave its context as it was (`MutationWatch`). */
  const expand = (snapshot: AnySnapshot): Expansion<AnySnapshot, EventObject> => {
    if (snapshot.status !== 'active') return { events: [], states: [] };
    const before = mutations.begin(snapshot.context);
    const expansion = expandState(snapshot);
    if (before !== undefined) mutations.end(snapshot.context, before, () => `expanding state ${stateLabel(snapshot)} (its events(), guards and actions)`, (copy) => expandState({ ...snapshot, context: copy } as AnySnapshot));
    return expansion;
  };
  const expandState = (snapshot: AnySnapshot): Expansion<AnySnapshot, EventObject> => {
    const events: EventObject[] = [];
    const states: AnySnapshot[] = [];
    const offer = (event: EventObject, failure: boolean) => {
      // An actor's failure that nothing takes stops the machine (status 'error'); an event
      // of the model's own that nothing takes is not enabled.
      if (!failure && event.type.startsWith('xstate.error.actor') && !can(snapshot, event)) return;
      const next = stepRecording(snapshot, event);
      const unchanged = next === snapshot || (next.context === snapshot.context && sameNodes(next, snapshot) && next.status === snapshot.status);
      if (unchanged && ambiguous(event.type) ? !can(snapshot, event) : next === snapshot) return;
      events.push(event);
      states.push(next);
    };
    for (const event of candidatesOf(snapshot)) offer(event, false);
    const env = environmentOf(snapshot);
    for (const event of env.events) offer(event, env.failures.has(event));
    return { events, states };
  };
  /** A failure the environment offers in `snapshot` equal to `event` (a replayed trace's), or undefined. */
  const failureLike = (snapshot: AnySnapshot, event: EventObject): EventObject | undefined => {
    if (!event.type.startsWith('xstate.error.actor.')) return undefined;
    const key = canonicalJson(event);
    for (const f of environmentOf(snapshot).failures) if (canonicalJson(f) === key) return f;
    return undefined;
  };

  return {
    machine,
    initialState() {
      try {
        const [snapshot] = initialTransition(machine, model.input?.(params));
        return checkStatus(snapshot as AnySnapshot);
      } catch (error) {
        throw modelException(error, `model ${model.name}: the initial transition threw`);
      }
    },
    enabledEvents(snapshot) {
      return expand(snapshot).events;
    },
    next(snapshot, event) {
      return step(snapshot, failureLike(snapshot, event) ?? event);
    },
    expand,
    key,
    takenTransitions(snapshot, event, next) {
      const known = next !== undefined && next !== snapshot ? ((next as unknown as Record<symbol, unknown>)[TAKEN] as readonly TransitionRef[] | undefined) : undefined;
      if (known) return known;
      recording = [];
      try {
        step(snapshot, failureLike(snapshot, event) ?? event);
        return recording;
      } finally {
        recording = undefined;
      }
    },
    activeStates(snapshot) {
      const nodes = (snapshot as unknown as { _nodes: readonly { id: string }[] })._nodes;
      let ids = activeIds.get(nodes);
      if (!ids) activeIds.set(nodes, (ids = nodes.map((n) => n.id)));
      return ids;
    },
    actorOf(snapshot, event) {
      const fromModel = model.actorOf?.(event, params);
      if (fromModel !== undefined) return fromModel;
      if (isEnvironmentEvent(event)) return 'environment';
      if (!regions) return undefined;
      const found = new Set<string>();
      for (const t of machine.getTransitionData(snapshot, event)) {
        const region = (t.source as { path: string[] }).path[0];
        if (region !== undefined && regions.has(region)) found.add(region);
      }
      return found.size > 0 ? [...found].join('+') : undefined;
    },
  };
}
