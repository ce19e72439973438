import type { EventObject } from 'xstate';
import type { ParamValues } from './model/params.ts';
import type { ModelErrorCode } from './model/errors.ts';
import type { IncompleteReason } from './search/SearchOutcome.ts';
import type { Strategy } from './search/SearchConfig.ts';
import type { Coverage } from './coverage/Coverage.ts';
import type { PropertyKind } from './model/Property.ts';
import type { SimulationInfo } from './simulate/SimulationInfo.ts';

export type Verdict = 'pass' | 'violation' | 'deadlock' | 'liveness' | 'incomplete' | 'error';

/** One step of a counterexample; step 0 is the initial state (no event, no actor). */
export interface TraceStep {
  readonly step: number;
  readonly event: EventObject | null;
  readonly actor: string | null;
  /** The active states after the step, then what changed in the context. */
  readonly summary: string;
  /** Active leaf states after the step, e.g. `p0.critical p1.idle`. */
  readonly state: string;
  /** Context leaves that changed in this step, as `path: old→new`. */
  readonly changes: readonly string[];
}

export interface Violation {
  readonly kind: 'invariant' | 'deadlock' | 'liveness';
  /** Invariant or property id, or `DEADLOCK`. */
  readonly id: string;
  readonly title: string;
  readonly message: string;
  readonly trace: readonly TraceStep[];
  /**
   * A liveness counterexample is a lasso: the trace runs from the initial state to step
   * `start`, then its steps after `start` form a cycle back to the state of step `start`,
   * repeated for ever. With `stutter`, there are no steps after `start`: no event is enabled
   * in its state, and the behaviour stays there. With `upToReduction` (`--symmetry`,
   * `--drop-auxiliary`), the cycle ends in a state the check identified with that of step
   * `start` (the same up to the model's symmetry or its auxiliary fields), not that very state.
   */
  readonly loop?: { readonly start: number; readonly stutter: boolean; readonly upToReduction?: boolean };
}

/** What reporters show about a checked invariant (rule lists, test names), taken from the model. */
export interface InvariantInfo {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly source?: string;
}

/** What reporters show about a checked temporal property. */
export interface PropertyInfo extends InvariantInfo {
  readonly kind: PropertyKind;
}

export interface CheckStats {
  readonly distinct: number;
  readonly generated: number;
  readonly maxDepth: number;
  readonly elapsedMs: number;
  /** Bytes held by the visited set (fingerprints, parent links, hash slots). */
  readonly storeBytes: number;
  /** Bytes of BFS frontier written to disk because it outgrew its share of --memory. */
  readonly spilledBytes?: number;
  /** TLC-style optimistic estimate of a fingerprint collision having hidden a state. */
  readonly collisionProbability: number;
}

/** The result of one check: pure data, never thrown. */
export interface CheckResult {
  /** Built-in model name, or the absolute path of a model file. */
  readonly model: string;
  readonly params: ParamValues;
  /** The search's strategy, or `random` for the random walks of `lucheck simulate`. */
  readonly strategy: Strategy | 'random';
  /** Whether states were identified up to the model's declared symmetry. */
  readonly symmetry: boolean;
  /** Set when the model's auxiliary fields were left out of each state's identity. */
  readonly dropAuxiliary?: boolean;
  /**
   * Set when the model's auxiliary declaration was audited as the search ran (`--check-determinism`
   * with `--drop-auxiliary`): `events`, `isFinal` and the invariants always; guards and actions
   * on the compiled path only (on the reference engine they run inside xstate).
   */
  readonly auxiliaryAudit?: { readonly guardsAndActions: boolean };
  /** The execution path that stepped the machine. */
  readonly engine: 'compiled' | 'reference';
  /** Why the compiled path was not used, when it was not. */
  readonly engineNote?: string;
  /**
   * What of the environment the machine has, and whether this check explored it: `delays`
   * (delayed transitions, fired untimed) and `actors` (invoked actors completing and failing),
   * each present only when the machine has such; false when excluded (`--environment`, or the
   * model's declaration), so that the verdict says what it does not cover.
   */
  readonly environment?: { readonly delays?: boolean; readonly actors?: boolean };
  /** The actions the machine declares that act only outside it (logging, events to other actors, custom functions): collected, never run, on both engines. */
  readonly notRun?: readonly string[];
  readonly verdict: Verdict;
  readonly stats: CheckStats;
  /** Ids of the invariants that were checked. */
  readonly invariants: readonly string[];
  /** Title, description and source of each checked invariant, in the order of `invariants`. */
  readonly invariantInfo?: readonly InvariantInfo[];
  /** Ids of the temporal properties that were checked (absent when none). */
  readonly properties?: readonly string[];
  /** Kind, title, description and source of each checked property, in the order of `properties`. */
  readonly propertyInfo?: readonly PropertyInfo[];
  /** The fairness the properties were checked under (`WF(p0)`, `SF(event:GRANT)`; empty: none); present with `properties`. */
  readonly fairness?: readonly string[];
  readonly violations: readonly Violation[];
  /**
   * Set when verdict is `incomplete`: the bound that stopped the search and its value, or an
   * interrupt (no limit; the signal when known); `runs` when a simulation drew all its walks
   * (`--runs`) without a failure.
   */
  readonly incomplete?: { readonly reason: IncompleteReason | 'runs'; readonly limit?: number; readonly signal?: string };
  /** Set for `lucheck simulate`: the walks, and the failing walk as found and shrunk. */
  readonly simulation?: SimulationInfo;
  /** What the search exercised of the statechart (absent after a model error or with coverage off). */
  readonly coverage?: Coverage;
  /** Worker threads of a parallel search (`--workers N`, N > 1); absent for the single-threaded one. */
  readonly workers?: number;
  /**
   * A distributed search (`lucheck distributed`): the run's name, its partitions, and the
   * processes that committed at least one partition's level (absent for other searches).
   */
  readonly distributed?: { readonly run: string; readonly partitions: number; readonly workers: number };
  /** Set when verdict is `error`. */
  readonly error?: { readonly code: ModelErrorCode; readonly message: string };
}
