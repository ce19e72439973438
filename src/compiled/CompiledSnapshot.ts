import type { EventObject, StateValue } from 'xstate';
import type { CompiledMachine } from './compileMachine.ts';
import type { Configuration } from './Configuration.ts';
import type { HistoryValue } from './microstep.ts';
import type { TransitionRef } from '../search/TransitionSystem.ts';

export type { Configuration, Handlers } from './Configuration.ts';

const NO_CHILDREN: Readonly<Record<string, never>> = Object.freeze({});

/**
 * A state of the compiled path, shaped like the parts of an xstate snapshot that models and
 * invariants read: `value`, `context`, `status`, `output`, `error`, `historyValue`, `tags`,
 * `matches`, `hasTag`, `can`, `getMeta`. Immutable. `children` is empty: invoked actors are
 * the environment's (see adapter/environment.ts), not running actors.
 */
export class CompiledSnapshot {
  constructor(
    readonly config: Configuration,
    readonly context: Record<string, unknown>,
    /** Whether the context's own keys are exactly the initial context's (see contextMerger). */
    readonly shaped: boolean,
    /** The declared transitions the step that made this state took (set by that step; for coverage). */
    public taken: readonly TransitionRef[] | undefined,
    /** The machine's output (status 'done') or the error that stopped it (status 'error'). */
    readonly result?: unknown,
  ) {}

  get machine(): CompiledMachine['machine'] {
    return this.config.machine;
  }
  get value(): StateValue {
    return this.config.value;
  }
  get status(): 'active' | 'done' | 'error' {
    return this.config.status;
  }
  get output(): unknown {
    return this.config.status === 'done' ? this.result : undefined;
  }
  get error(): unknown {
    return this.config.status === 'error' ? this.result : undefined;
  }
  get historyValue(): HistoryValue {
    return this.config.history;
  }
  get children(): Readonly<Record<string, never>> {
    return NO_CHILDREN;
  }
  get tags(): ReadonlySet<string> {
    return this.config.tags;
  }
  matches(partial: StateValue): boolean {
    return this.config.matches(partial);
  }
  hasTag(tag: string): boolean {
    return this.config.tags.has(tag);
  }
  can(event: EventObject): boolean {
    return this.config.canTake(this, event);
  }
  getMeta(): Record<string, unknown> {
    const meta: Record<string, unknown> = {};
    for (const n of this.config.activeNodes) {
      const m = (n as { meta?: unknown }).meta;
      if (m !== undefined) meta[n.id] = m;
    }
    return meta;
  }
}
