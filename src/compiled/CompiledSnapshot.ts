import { matchesState, type EventObject, type StateValue } from 'xstate';
import type { CompiledMachine } from './compileMachine.ts';

/** What every state of one configuration shares: its state value, key text and status. */
export interface Configuration {
  readonly leaves: readonly number[];
  readonly value: StateValue;
  /** canonicalJson(value), the first part of the state key. */
  readonly valueKey: string;
  readonly status: 'active' | 'done';
  readonly tags: ReadonlySet<string>;
}

/**
 * A state of the compiled path, shaped like the parts of an xstate snapshot that models and
 * invariants read: `value`, `context`, `status`, `matches`, `hasTag`, `can`. Immutable.
 */
export class CompiledSnapshot {
  constructor(
    readonly config: Configuration,
    readonly context: Record<string, unknown>,
    private readonly canTake: (s: CompiledSnapshot, e: EventObject) => boolean,
    readonly machine: CompiledMachine['machine'],
  ) {}

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
    return this.canTake(this, event);
  }
}
