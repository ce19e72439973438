/** How often one event type fired across the search, and how many new states it produced. */
export interface EventCoverage {
  readonly type: string;
  readonly fired: number;
  readonly newStates: number;
}

/** How often one declared transition fired, and how many new states it produced. */
export interface TransitionCoverage {
  /** State node id of the node that declares it. */
  readonly source: string;
  /** Event type ('' for an eventless `always` transition). */
  readonly event: string;
  /** Index among the handlers `source` declares for `event`. */
  readonly candidate: number;
  /** How pictures name it: `EVENT [guard] → target`. */
  readonly label: string;
  readonly fired: number;
  readonly newStates: number;
}

/**
 * What the search exercised of the statechart: every event type that fired, every declared
 * transition (fired or not) and every state node never active in an explored state. Counted over
 * generated successors, revisits included. When the search stopped early (a violation, a bound),
 * the figures cover what was explored until then: `complete` says which.
 */
export interface Coverage {
  readonly complete: boolean;
  readonly events: readonly EventCoverage[];
  readonly transitions: readonly TransitionCoverage[];
  /** Ids of the state nodes never active in any explored state, in chart order. */
  readonly unreachedStates: readonly string[];
  readonly stateCount: number;
}
