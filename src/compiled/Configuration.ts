import type { EventObject, StateValue } from 'xstate';
import type { CNode, CTransition, CompiledMachine } from './compileMachine.ts';
import type { ActionOp } from './compileAction.ts';
import type { GuardScope } from './compileGuard.ts';
import type { HistoryValue, SNode } from './microstep.ts';
import type { TransitionRef } from '../search/TransitionSystem.ts';
import type { CompiledSnapshot } from './CompiledSnapshot.ts';

export type Status = 'active' | 'done' | 'error';

/**
 * What every state of one configuration shares: the active states, the history recorded, the
 * status, and what the compiled path has worked out for them as the search met them (handlers,
 * step plans, environment events). Made by the `ConfigurationTable`: once per configuration,
 * or, for a flat one (see `flat`), whenever it is met again after the table let it go; its
 * derived parts (value, active states, tags, text) are worked out when first asked for.
 */
export interface Configuration extends GuardScope {
  /**
   * Its number in its system: for a configuration the table keeps, its place in the order met
   * (0, 1, ...); for a flat one, -1 - `number`. The same configuration has the same index for
   * as long as the search runs.
   */
  readonly index: number;
  /** For a flat configuration, its leaves' places in their regions read in mixed radix (see `ConfigurationTable`); -1 otherwise. */
  readonly number: number;
  /** Its text in the table: leaves, history and status; the same in every instance of the system. */
  readonly text: string;
  /** The active atomic and final states (node indices), in document order. */
  readonly leaves: readonly number[];
  /** Per node index, whether the node is active. */
  readonly active: Uint8Array;
  /** The active state nodes, xstate's, for the structure of a step. */
  readonly activeNodes: ReadonlySet<SNode>;
  /** The ids of the active state nodes, in document order. */
  readonly activeIds: readonly string[];
  /** What each history state recorded, in document order (xstate's `historyValue`). */
  readonly history: HistoryValue;
  readonly value: StateValue;
  /** canonicalJson(value), the first part of the state key. */
  readonly valueKey: string;
  /** The end of the state key after the context: the history recorded (`|{...}`) and an error status (`|error`), or nothing. */
  readonly keySuffix: string;
  readonly status: Status;
  readonly tags: ReadonlySet<string>;
  /** Filled as the search meets event types: who may take each one here (not used by flat configurations, whose handlers are kept per leaf). */
  readonly handlers: Map<string, Handlers>;
  /**
   * The first list of candidate events expanded here, and their handlers in its order: models
   * hand the same list to most states, which then skip a lookup per event.
   */
  alphabet: readonly EventObject[] | undefined;
  alphabetHandlers: readonly Handlers[];
  /**
   * The fingerprint seed of the configuration (of `valueKey` and `keySuffix`, or of a flat
   * configuration's leaves), its two words as signed 32-bit integers (the same bits): kept in
   * the record's own fields, where V8 stores them unboxed, with no object of their own.
   */
  readonly seedHi: number;
  readonly seedLo: number;
  /** Whether an `always` transition may be enabled here (an active state declares one, and the machine is active). */
  readonly settles: boolean;
  /** True when the root is parallel and each region has one active leaf, region r's at `leaves[r]` (no parallel state below the root is active). */
  readonly flat: boolean;
  /** Per active leaf (in `leaves` order), the nodes from it upwards that declare `always` transitions. */
  readonly alwaysChains: readonly (readonly CNode[])[];
  /** Step plans by the uid of the one transition taken; steps of several transitions by their uids joined (not used by flat configurations: see `ConfigurationTable.plans`). */
  readonly plans: (Plan | undefined)[];
  readonly plansOfSets: Map<string, Plan>;
  /** The environment's events here (delayed transitions, invoked actors), made when first asked; and how many of the last are actor failures. */
  environment: { readonly events: readonly EventObject[]; readonly failures: ReadonlySet<EventObject> } | undefined;
  /** The same configuration with status 'error' (an invoked actor failed and nothing handled it). */
  errorTwin: Configuration | undefined;
  /** The machine, and `can()` for its states: what every state of the system shares. */
  readonly machine: CompiledMachine['machine'];
  readonly canTake: (s: CompiledSnapshot, e: EventObject) => boolean;
}

/**
 * The transitions that may take one event type in one configuration, as xstate selects them
 * (`transitionNode`): per part, the first candidate whose guard passes; a part with parts of
 * its own (a parallel state) takes its own candidates only when none of its parts took any.
 */
export interface Selection {
  /** Candidates in order: the leaf's own, then its ancestors' up to the part's top. */
  readonly chain: readonly CTransition[];
  /** The parts below a parallel state, or undefined. */
  readonly parts: readonly Selection[] | undefined;
  /** The top-level region it belongs to (-1: the root). */
  readonly region: number;
}

/** The handlers of one event type in one configuration. */
export interface Handlers {
  /** The event type. */
  readonly type: string;
  /** Set when no nested parallel state is active: one chain per region that has candidates... */
  readonly lists: readonly (readonly CTransition[])[];
  readonly regions: readonly number[];
  /** ...and the parallel root's own, tried only when no region takes the event. */
  readonly root: readonly CTransition[];
  /** Otherwise the selection as a tree. */
  readonly tree: Selection | undefined;
}

/** A done event raised when entering a final state: `xstate.done.state.<id>`, with the final state's output. */
export interface DoneOp {
  readonly kind: 'done';
  readonly id: string;
  readonly final: CNode | undefined;
}

/** The machine completed: its output is resolved at this point, from the node whose completion completed the root. */
export interface OutputOp {
  readonly kind: 'output';
  readonly completion: CNode;
}

/** An invoked actor is started on entry: xstate resolves its `input` then (the actor itself is the environment's). */
export interface InputOp {
  readonly kind: 'input';
  readonly input: (args: { context: unknown; event: unknown; self: undefined }) => unknown;
  readonly where: string;
}

/** The actors a state invokes start (entering it) or stop (leaving it): what `sendTo` may name by id. */
export interface ChildrenOp {
  readonly kind: 'spawn' | 'stop';
  readonly ids: readonly string[];
}

export type PlanOp = ActionOp | DoneOp | OutputOp | InputOp | ChildrenOp;

/** One microstep worked out for a configuration and a set of transitions (xstate's order; `microstepShape`). */
export interface Plan {
  /** The transitions taken, after conflict removal. */
  readonly taken: readonly CTransition[];
  readonly refs: readonly TransitionRef[];
  /** Exit actions, the transitions' actions, entry and initial actions with done events, in order. */
  readonly ops: readonly PlanOp[];
  /** True when the ops are only the taken transitions' assigns (and actions that act outside): the fast path runs `assigns`. */
  readonly simple: boolean;
  readonly target: Configuration;
  /** Whether xstate's snapshot changes structurally (states, history, children, status) whatever the actions do. */
  readonly changes: boolean;
  /** Set when xstate's step would leave the active states inconsistent (`configurationFault`): taking it is a model error. */
  readonly fault: string | undefined;
}
