import { matchesState, type EventObject, type StateValue } from 'xstate';
import type { CTransition, CompiledMachine } from './compileMachine.ts';
import type { Fingerprint } from '../store/fingerprint.ts';
import type { TransitionRef } from '../search/TransitionSystem.ts';

/** What every state of one configuration shares: its state value, key text and status. */
export interface Configuration {
  /** Number of the configuration in its system, in the order met. */
  readonly index: number;
  readonly leaves: readonly number[];
  readonly value: StateValue;
  /** canonicalJson(value), the first part of the state key. */
  readonly valueKey: string;
  readonly status: 'active' | 'done';
  readonly tags: ReadonlySet<string>;
  /** Filled as the search meets event types: who may take each one in this configuration. */
  readonly handlers: Map<string, Handlers>;
  /**
   * The first list of candidate events expanded here, and their handlers in its order: models
   * hand the same list to most states, which then skip a lookup per event.
   */
  alphabet: readonly EventObject[] | undefined;
  alphabetHandlers: readonly Handlers[];
  /** The fingerprint seed of `valueKey`. */
  readonly seed: Fingerprint;
  /** Whether an `always` transition may be enabled here (a leaf or an ancestor declares one, and the machine is not done). */
  readonly settles: boolean;
  /** The machine, and `can()` for its states: what every state of the system shares. */
  readonly machine: CompiledMachine['machine'];
  readonly canTake: (s: CompiledSnapshot, e: EventObject) => boolean;
}

/**
 * The transitions that may take one event type in one configuration: per region that has any,
 * its candidates in xstate's order (the leaf's own handlers first, then its ancestors'); and the
 * parallel root's, tried only when no region takes the event.
 */
export interface Handlers {
  /** The event type. */
  readonly type: string;
  readonly regions: readonly number[];
  readonly lists: readonly (readonly CTransition[])[];
  readonly root: readonly CTransition[];
}

/**
 * A state of the compiled path, shaped like the parts of an xstate snapshot that models and
 * invariants read: `value`, `context`, `status`, `matches`, `hasTag`, `can`. Immutable.
 */
export class CompiledSnapshot {
  constructor(
    readonly config: Configuration,
    readonly context: Record<string, unknown>,
    /** Whether the context's own keys are exactly the initial context's (see contextMerger). */
    readonly shaped: boolean,
    /** The declared transitions the step that made this state took (set by that step; for coverage). */
    public taken: readonly TransitionRef[] | undefined,
  ) {}

  get machine(): CompiledMachine['machine'] {
    return this.config.machine;
  }
  get value(): StateValue {
    return this.config.value;
  }
  get status(): 'active' | 'done' {
    return this.config.status;
  }
  get historyValue(): Record<string, never> {
    return {};
  }
  matches(partial: StateValue): boolean {
    return matchesState(partial, this.config.value);
  }
  hasTag(tag: string): boolean {
    return this.config.tags.has(tag);
  }
  can(event: EventObject): boolean {
    return this.config.canTake(this, event);
  }
}
