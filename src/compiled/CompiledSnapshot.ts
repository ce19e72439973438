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

/** `flags`: the context's own keys are exactly the initial context's (see contextMerger). */
const SHAPED = 1;
/** `flags`: `src` is the table (a `flatStep` state whose configuration is not made yet). */
const TABLE = 2;
/** `flags`: `extra` holds the state's value (asked for while its configuration was not made). */
const FLAT_VALUE = 4;

/**
 * A state of the compiled path, shaped like the parts of an xstate snapshot that models and
 * invariants read: `value`, `context`, `status`, `output`, `error`, `historyValue`, `tags`,
 * `matches`, `hasTag`, `can`, `getMeta`. Immutable. `children` is empty: invoked actors are
 * the environment's (see adapter/environment.ts), not running actors.
 *
 * Eight fields (about 88 bytes here, where V8 keeps 8 bytes a field): a search makes one for
 * every successor, so fields that are never needed at once share one (`src`, `extra`, `flags`).
 */
export class CompiledSnapshot {
  /** The configuration; in a `flatStep` state whose configuration is not made yet (`TABLE`), where it is made from its number. */
  private src: Configuration | FlatConfigurations;
  /** The configuration's `index`. */
  readonly configIndex: number;
  /** The configuration's fingerprint seed, its two words. */
  readonly seedHi: number;
  readonly seedLo: number;
  /**
   * The machine's output (status 'done') or the error that stopped it (status 'error'); in a
   * `flatStep` state (active, by construction), its value once asked for (`FLAT_VALUE`).
   */
  private extra: unknown;
  /** `SHAPED`, `TABLE`, `FLAT_VALUE`. */
  private flags: number;

  constructor(
    config: Configuration,
    readonly context: Record<string, unknown>,
    /** Whether the context's own keys are exactly the initial context's (see contextMerger). */
    shaped: boolean,
    /** The declared transitions the step that made this state took (set by that step; for coverage). */
    public taken: readonly TransitionRef[] | undefined,
    /** The machine's output (status 'done') or the error that stopped it (status 'error'). */
    result?: unknown,
  ) {
    this.src = config;
    this.configIndex = config.index;
    // signed 32-bit, as the configuration keeps them: unboxed in the field
    this.seedHi = config.seedHi;
    this.seedLo = config.seedLo;
    this.extra = result;
    this.flags = shaped ? SHAPED : 0;
  }

  /**
   * A state of an active flat configuration known by its number and seed only (`ConfigurationTable.moveLazily`):
   * most successors a step makes are met before, and the search needs no more of them than
   * their fingerprint. The configuration is made when something first asks for it.
   */
  static flatStep(table: FlatConfigurations, number: number, seedHi: number, seedLo: number, context: Record<string, unknown>, shaped: boolean, taken: readonly TransitionRef[]): CompiledSnapshot {
    const s = new CompiledSnapshot(LAZY, context, shaped, taken);
    s.src = table;
    s.flags |= TABLE;
    (s as { configIndex: number }).configIndex = -1 - number;
    (s as { seedHi: number }).seedHi = seedHi;
    (s as { seedLo: number }).seedLo = seedLo;
    return s;
  }

  /** Whether the context's own keys are exactly the initial context's (see contextMerger). */
  get shaped(): boolean {
    return (this.flags & SHAPED) !== 0;
  }

  /** Whether this is a `flatStep` state whose configuration is not made yet (active, by construction). */
  get activeFlatStep(): boolean {
    return (this.flags & TABLE) !== 0;
  }

  get config(): Configuration {
    if ((this.flags & TABLE) !== 0) {
      this.src = (this.src as FlatConfigurations).at(this.configIndex);
      this.flags &= ~TABLE;
    }
    return this.src as Configuration;
  }

  /** The machine's output (status 'done') or the error that stopped it (status 'error'); undefined while it runs. */
  get result(): unknown {
    return this.status === 'active' ? undefined : this.extra;
  }

  get machine(): CompiledMachine['machine'] {
    return this.config.machine;
  }
  get value(): StateValue {
    // an invariant reads the value of every new state: a `flatStep` state's is made from its
    // number, with no configuration (which is made when the state is expanded, read back),
    // and stays the value this state answers once its configuration is made
    const flags = this.flags;
    if ((flags & FLAT_VALUE) !== 0) return this.extra as StateValue;
    if ((flags & TABLE) === 0) return (this.src as Configuration).value;
    const value = (this.src as FlatConfigurations).valueAt(-1 - this.configIndex);
    this.extra = value;
    this.flags = flags | FLAT_VALUE;
    return value;
  }
  get status(): 'active' | 'done' | 'error' {
    return (this.flags & TABLE) !== 0 ? 'active' : (this.src as Configuration).status;
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
    return (this.flags & TABLE) !== 0 ? matchesState(partial, this.value) : (this.src as Configuration).matches(partial);
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
