import { createActor, initialTransition, type AnyActorScope, type AnyStateMachine, type EventObject } from 'xstate';
import type { Expansion, TransitionRef, TransitionSystem } from '../search/TransitionSystem.ts';
import { eventsThatMayKeepConfiguration, sameNodes } from './machineShape.ts';
import type { AnySnapshot, ModelDefinition } from '../model/defineModel.ts';
import type { ContextProjection } from '../model/withoutAuxiliary.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, describeThrown, modelException } from '../model/errors.ts';
import { canonicalJson, NonJsonValueError } from './canonicalJson.ts';
import { formatStateValue } from './formatStateValue.ts';

/** The reference adapter: an xstate machine stepped through xstate's own pure transition. */
export interface XstateSystem extends TransitionSystem<AnySnapshot, EventObject> {
  readonly machine: AnyStateMachine;
  /** The actor (top-level region) an event belongs to in `snapshot`, for traces. */
  actorOf(snapshot: AnySnapshot, event: EventObject): string | undefined;
}

/**
 * An inert actor scope, reused for every step: actions other than `assign`/`raise` are
 * collected by xstate and never executed, and nothing is spawned. Reusing one scope instead of
 * calling the public `transition()` helper (which builds a fresh actor each call) is what makes
 * stepping cheap.
 */
function createInertScope(machine: AnyStateMachine): AnyActorScope {
  const self = createActor(machine);
  const noop = () => {};
  return {
    self,
    id: '',
    sessionId: '',
    logger: noop,
    defer: noop,
    emit: noop,
    stopChild: noop,
    actionExecutor: noop,
    system: self.system,
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

/**
 * Builds the reference `TransitionSystem` of a model for one parameter assignment.
 *
 * Exceptions thrown by the model (guards, actions, `events`, `view`) and snapshots that end in
 * status `error` become a `ModelError` naming the state and the event.
 */
/** The parts of xstate's TransitionDefinition that name it. */
interface ChartTransitionDef {
  eventType: string;
  source: { id: string; transitions: Map<string, readonly object[]>; always?: readonly object[] };
}

/** `omit`: the context as its key counts it (without a model's auxiliary fields, `--drop-auxiliary`). */
export function createXstateSystem<P extends ParamValues>(model: ModelDefinition<P>, params: P, omit?: ContextProjection): XstateSystem {
  let machine: AnyStateMachine;
  let scope: AnyActorScope;
  try {
    machine = model.machine(params) as unknown as AnyStateMachine;
    scope = createInertScope(machine);
  } catch (error) {
    throw modelException(error, `building the machine of model ${model.name} failed`);
  }
  if (typeof machine?.transition !== 'function' || typeof machine?.root !== 'object') {
    throw new ModelError('invalid-model', `model ${model.name}: machine(params) did not return an xstate v5 machine`);
  }
  const regions = machine.root.type === 'parallel' ? new Set(Object.keys(machine.root.states)) : undefined;

  /** `from` and `event` name the step in an error (none for the initial transition). */
  function checkStatus(snapshot: AnySnapshot, from?: AnySnapshot, event?: EventObject): AnySnapshot {
    if (snapshot.status === 'error') {
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
      const history = snapshot.historyValue as Record<string, readonly { id: string }[]> | undefined;
      if (history && Object.keys(history).length > 0) {
        const ids: Record<string, string[]> = {};
        for (const [node, targets] of Object.entries(history)) ids[node] = targets.map((t) => t.id);
        k += '|' + canonicalJson(ids, 'historyValue');
      }
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
  const candidatesOf = (snapshot: AnySnapshot): readonly EventObject[] => {
    try {
      return model.events(snapshot, params);
    } catch (error) {
      throw modelException(error, `model ${model.name}: events() threw in state ${stateLabel(snapshot)}`);
    }
  };
  const step = (snapshot: AnySnapshot, event: EventObject): AnySnapshot => {
    let next: AnySnapshot;
    try {
      next = machine.transition(snapshot, event, scope) as AnySnapshot;
    } catch (error) {
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

  const expand = (snapshot: AnySnapshot): Expansion<AnySnapshot, EventObject> => {
    if (snapshot.status !== 'active') return { events: [], states: [] };
    const events: EventObject[] = [];
    const states: AnySnapshot[] = [];
    for (const event of candidatesOf(snapshot)) {
      const next = step(snapshot, event);
      const unchanged = next === snapshot || (next.context === snapshot.context && sameNodes(next, snapshot));
      if (unchanged && ambiguous(event.type) ? !can(snapshot, event) : next === snapshot) continue;
      events.push(event);
      states.push(next);
    }
    return { events, states };
  };

  return {
    machine,
    initialState() {
      try {
        const [snapshot] = initialTransition(machine);
        return checkStatus(snapshot as AnySnapshot);
      } catch (error) {
        throw modelException(error, `model ${model.name}: the initial transition threw`);
      }
    },
    enabledEvents(snapshot) {
      return expand(snapshot).events;
    },
    next(snapshot, event) {
      return step(snapshot, event);
    },
    expand,
    key,
    takenTransitions(snapshot, event) {
      return machine.getTransitionData(snapshot, event).map((t) => refOf(t as unknown as ChartTransitionDef));
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
