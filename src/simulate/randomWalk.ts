import type { EventObject } from 'xstate';
import type { SearchObserver, SearchProblem } from '../search/SearchOutcome.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';
import { firstViolation } from '../search/firstViolation.ts';

/** How one walk chooses among the enabled events: a list of choices, one per step, and optional weights by event type. */
export interface WalkPlan {
  /** One number per step: step k takes the enabled event this number picks (see `pickEvent`); the walk ends after the last. */
  readonly choices: readonly number[];
  /** Swarm mode: the weight of each event type, by its index in the model's list of types; types not listed weigh `DEFAULT_WEIGHT`. */
  readonly weights?: readonly number[];
}

/** What a walk ended in: a state violating an invariant, a deadlock, or neither (its choices ran out, or it reached a final state). */
export type WalkEnd =
  | { readonly kind: 'violation'; readonly invariantId: string; readonly message: string }
  | { readonly kind: 'deadlock' }
  | { readonly kind: 'end' };

export interface WalkOutcome {
  readonly end: WalkEnd;
  /** The path taken, as indices into the enabled events of each state left (a counterexample when `end` is not 'end'). */
  readonly path: readonly number[];
}

/** An event type's weight when swarm mode does not weigh it otherwise. */
export const DEFAULT_WEIGHT = 4;

/**
 * The index of the enabled event that `choice` picks: uniformly (`choice` modulo the number
 * enabled) without weights; with them, in proportion to the weights of the events' types (a
 * type of weight 0 is taken only when every enabled event weighs 0). A smaller `choice` picks
 * an earlier event in the model's order, so shrinking the choices towards 0 makes the walk
 * take the first listed events, and the first listed payloads.
 */
export function pickEvent(events: readonly EventObject[], choice: number, weights: readonly number[] | undefined, typeIndex: ReadonlyMap<string, number>): number {
  if (!weights) return choice % events.length;
  let total = 0;
  for (const e of events) total += weightOf(e, weights, typeIndex);
  if (total === 0) return choice % events.length;
  let r = choice % total;
  for (let i = 0; i < events.length; i++) {
    r -= weightOf(events[i]!, weights, typeIndex);
    if (r < 0) return i;
  }
  return events.length - 1;
}

function weightOf(e: EventObject, weights: readonly number[], typeIndex: ReadonlyMap<string, number>): number {
  const i = typeIndex.get(e.type);
  return i === undefined ? DEFAULT_WEIGHT : (weights[i] ?? DEFAULT_WEIGHT);
}

/**
 * One random walk from the initial state, as `plan` steers it: the invariants are checked in
 * every state it reaches (the initial one included) and deadlock in every state it leaves or
 * would leave, exactly as the exhaustive search checks them (a state with no enabled event
 * that is not final). It stops at the first violation or deadlock, at a final state with no
 * enabled event, or when its choices run out. `observer` sees every step (`isNew` as
 * `seen` says: true the first time a state is met, when given).
 */
export function randomWalk<S>(
  system: TransitionSystem<S, EventObject>,
  problem: SearchProblem<S>,
  plan: WalkPlan,
  typeIndex: ReadonlyMap<string, number>,
  observer?: SearchObserver<S, EventObject>,
  seen?: (state: S) => boolean,
): WalkOutcome {
  let state = system.initialState();
  const path: number[] = [];
  if (observer?.onInitial) observer.onInitial(state);
  if (seen) seen(state);
  const broken = firstViolation(problem.invariants, state);
  if (broken) return { end: { kind: 'violation', ...broken }, path };
  for (let k = 0; ; k++) {
    const events = system.enabledEvents(state);
    if (events.length === 0) return { end: problem.isFinal(state) ? { kind: 'end' } : { kind: 'deadlock' }, path };
    if (k >= plan.choices.length) return { end: { kind: 'end' }, path };
    const index = pickEvent(events, plan.choices[k]!, plan.weights, typeIndex);
    const event = events[index]!;
    const next = system.next(state, event);
    path.push(index);
    const isNew = seen ? seen(next) : false;
    if (observer?.onSuccessor) observer.onSuccessor(state, event, next, isNew);
    state = next;
    const violated = firstViolation(problem.invariants, state);
    if (violated) return { end: { kind: 'violation', ...violated }, path };
  }
}
