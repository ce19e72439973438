import type { EventObject } from 'xstate';
import type { AnySnapshot } from './defineModel.ts';
import type { ParamValues } from './params.ts';

/** A predicate on a snapshot, as an invariant's but answering yes or no. Must be pure. */
export type StateTest<P = ParamValues> = (snapshot: AnySnapshot, params: P) => boolean;

/** The four temporal shapes a property can take, over every behaviour the model allows. */
export type PropertyKind = 'eventually' | 'always-eventually' | 'leads-to' | 'eventually-always';
export const PROPERTY_KINDS: readonly PropertyKind[] = ['eventually', 'always-eventually', 'leads-to', 'eventually-always'];

/** What a report shows of a property: the same fields as an invariant's. */
export interface PropertyMeta {
  /** Short stable id, e.g. `LIV-1`; used in reports, `--invariant` and exit summaries. */
  readonly id: string;
  /** One line. */
  readonly title: string;
  /** What must happen and why (with its source, for kernel rules). */
  readonly description: string;
  /** Where the rule comes from (file and function, commit); optional for generic models. */
  readonly source?: string;
  /**
   * The model's word that the property gives the same verdict on every state of a symmetry
   * orbit (its predicates read no process identity the model's `symmetry` permutes). Needed to
   * check it with `--symmetry`.
   */
  readonly symmetric?: boolean;
}

/**
 * A temporal property, checked over every infinite behaviour of the model (a behaviour that
 * reaches a state with no enabled event stays there for ever, as in TLC) that the declared
 * fairness allows:
 * - `eventually`: ◇P, every behaviour reaches a state where `p` holds;
 * - `always-eventually`: □◇P, `p` holds again and again, from every reachable state;
 * - `leads-to`: P ~> Q, every state where `p` holds is followed (or accompanied) by one where `q` holds;
 * - `eventually-always`: ◇□P, every behaviour ends up where `p` holds for ever.
 */
export type Property<P = ParamValues> = PropertyMeta &
  (
    | { readonly kind: 'eventually' | 'always-eventually' | 'eventually-always'; readonly p: StateTest<P> }
    | { readonly kind: 'leads-to'; readonly p: StateTest<P>; readonly q: StateTest<P> }
  );

/** ◇P: every behaviour reaches a state where `p` holds. */
export function eventually<P = ParamValues>(info: PropertyMeta, p: StateTest<P>): Property<P> {
  return { ...info, kind: 'eventually', p };
}

/** □◇P: from every reachable state, a state where `p` holds is reached again. */
export function alwaysEventually<P = ParamValues>(info: PropertyMeta, p: StateTest<P>): Property<P> {
  return { ...info, kind: 'always-eventually', p };
}

/** P ~> Q: whenever `p` holds, `q` holds then or later. */
export function leadsTo<P = ParamValues>(info: PropertyMeta, p: StateTest<P>, q: StateTest<P>): Property<P> {
  return { ...info, kind: 'leads-to', p, q };
}

/** ◇□P: every behaviour reaches a point after which `p` holds for ever. */
export function eventuallyAlways<P = ParamValues>(info: PropertyMeta, p: StateTest<P>): Property<P> {
  return { ...info, kind: 'eventually-always', p };
}

/**
 * A fairness assumption, as TLC's `WF_vars(A)` and `SF_vars(A)`, on the steps of one actor
 * (a top-level region, or the name the model's `actorOf` gives) or of one event type:
 * - weak: a behaviour in which those steps stay enabled from some point on takes one of them
 *   again and again;
 * - strong: a behaviour in which they are enabled again and again takes one of them again and
 *   again.
 */
export type Fairness = {
  readonly kind: 'weak' | 'strong';
  /**
   * The model's word that its `symmetry` maps the steps this assumption is about to steps it is
   * about (it never renames this actor or event type into another). Needed with `--symmetry`.
   */
  readonly symmetric?: boolean;
} & ({ readonly actor: string; readonly event?: never } | { readonly event: string; readonly actor?: never });

/** How a fairness assumption is written in reports and on the command line: `WF(p0)`, `SF(event:GRANT)`. */
export function formatFairness(f: Fairness): string {
  return `${f.kind === 'weak' ? 'WF' : 'SF'}(${f.actor !== undefined ? f.actor : `event:${f.event}`})`;
}

/** Whether a step by `event`, taken by `actor` (`a+b` when two regions take it), is one of the steps `f` is about. */
export function fairnessCovers(f: Fairness, event: EventObject, actor: string | undefined): boolean {
  if (f.event !== undefined) return event.type === f.event;
  return actor !== undefined && (actor === f.actor || actor.split('+').includes(f.actor!));
}
