import { matchesState, type EventObject, type StateValue } from 'xstate';
import type { CompiledMachine } from './compileMachine.ts';
import type { Configuration } from './Configuration.ts';
import type { HistoryValue } from './microstep.ts';
import type { TransitionRef } from '../search/TransitionSystem.ts';

export type { Configuration, Handlers } from './Configuration.ts';

const NO_CHILDREN: Readonly<Record<string, never>> = Object.freeze({});

/** What makes a flat configuration again from its index. */
export interface FlatConfigurations {
  at(index: number): Configuration;
  /** The state value of the flat configuration with this number, without making the configuration. */
  valueAt(number: number): StateValue;
}

/** The stand-in a `flatStep` state is constructed with: only its index and seed are read, and replaced. */
const LAZY = { index: 0, seedHi: 0, seedLo: 0 } as Configuration;

/**
 * A state of the compiled path, shaped like the parts of an xstate snapshot that models and
 * invariants read: `value`, `context`, `status`, `output`, `error`, `historyValue`, `tags`,
 * `matches`, `hasTag`, `can`, `getMeta`. Immutable. `children` is empty: invoked actors are
 * the environment's (see adapter/environment.ts), not running actors.
 */
export class CompiledSnapshot {
  /** The configuration; undefined until first asked for in a state `flatStep` made. */
  private made: Configuration | undefined;
  /** Where a `flatStep` state's configuration is made from its number, when first asked for. */
  private table: FlatConfigurations | undefined;
  /** The configuration's `index`. */
  readonly configIndex: number;
  /** The configuration's fingerprint seed, its two words. */
  readonly seedHi: number;
  readonly seedLo: number;
  /** A `flatStep` state's value, once asked for while its configuration is not made. */
  private flatValue: StateValue | undefined;

  constructor(
    config: Configuration,
    readonly context: Record<string, unknown>,
    /** Whether the context's own keys are exactly the initial context's (see contextMerger). */
    readonly shaped: boolean,
    /** The declared transitions the step that made this state took (set by that step; for coverage). */
    public taken: readonly TransitionRef[] | undefined,
    /** The machine's output (status 'done') or the error that stopped it (status 'error'). */
    readonly result?: unknown,
  ) {
    this.made = config;
    this.table = undefined;
    this.flatValue = undefined;
    this.configIndex = config.index;
    // signed 32-bit, as the configuration keeps them: unboxed in the field
    this.seedHi = config.seedHi;
    this.seedLo = config.seedLo;
  }

  /**
   * A state of an active flat configuration known by its number and seed only (`ConfigurationTable.moveLazily`):
   * most successors a step makes are met before, and the search needs no more of them than
   * their fingerprint. The configuration is made when something first asks for it.
   */
  static flatStep(table: FlatConfigurations, number: number, seedHi: number, seedLo: number, context: Record<string, unknown>, shaped: boolean, taken: readonly TransitionRef[]): CompiledSnapshot {
    const s = new CompiledSnapshot(LAZY, context, shaped, taken);
    s.made = undefined;
    s.table = table;
    (s as { configIndex: number }).configIndex = -1 - number;
    (s as { seedHi: number }).seedHi = seedHi;
    (s as { seedLo: number }).seedLo = seedLo;
    return s;
  }

  /** Whether this is a `flatStep` state whose configuration is not made yet (active, by construction). */
  get activeFlatStep(): boolean {
    return this.made === undefined;
  }

  get config(): Configuration {
    return (this.made ??= this.table!.at(this.configIndex));
  }

  get machine(): CompiledMachine['machine'] {
    return this.config.machine;
  }
  get value(): StateValue {
    // an invariant reads the value of every new state: a `flatStep` state's is made from its
    // number, with no configuration (which is made when the state is expanded, read back),
    // and stays the value this state answers once its configuration is made
    if (this.flatValue !== undefined) return this.flatValue;
    if (this.made === undefined) return (this.flatValue = this.table!.valueAt(-1 - this.configIndex));
    return this.made.value;
  }
  get status(): 'active' | 'done' | 'error' {
    return this.made === undefined ? 'active' : this.made.status;
  }
  get output(): unknown {
    return this.status === 'done' ? this.result : undefined;
  }
  get error(): unknown {
    return this.status === 'error' ? this.result : undefined;
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
    return this.made === undefined ? matchesState(partial, this.value) : this.made.matches(partial);
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
