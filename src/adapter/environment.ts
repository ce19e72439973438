// The environment of a machine: what happens to it that no model event says. A delayed
// transition's timer and an invoked actor run outside the machine; a model checker that left
// them out would pass machines whose timeouts or failing requests break them. lucheck offers
// them as events of their own, the environment's, explored like any other:
// - a delayed transition (`after`) fires untimed: its event is enabled whenever its state is
//   active, in any order with every other event, as TLC and SPIN treat time without clocks
//   (sound for safety: every real timing is among the orders explored, and so are orders no
//   clock allows, such as a 2 s timer before a 1 s one of the same state);
// - an invoked actor may complete (`xstate.done.actor.ID` with an output) or fail
//   (`xstate.error.actor.ID` with an error) at any time while its invoking state is active,
//   with the outputs and errors the model declares, or an abstract default. A failure that no
//   transition takes stops the machine with status 'error', as xstate does; the built-in
//   invariant UNHANDLED-ACTOR-ERROR reports it. An invoke with onSnapshot also receives the
//   actor's snapshots (`xstate.snapshot.ID`), those the model declares or an abstract one.
import type { EventObject } from 'xstate';

/** What a model may declare of its environment (`environment` in `defineModel`). */
export interface EnvironmentSpec {
  /** Delayed (`after`) transitions fire as untimed environment events (default true). */
  readonly delays?: boolean;
  /**
   * Invoked actors complete and fail as environment events (default true); per invoke id or
   * actor source (`src`), the outcomes it may have, or false for an actor that does neither.
   */
  readonly actors?: boolean | Readonly<Record<string, ActorOutcomes | false>>;
}

/** The outcomes an invoked actor may have. */
export interface ActorOutcomes {
  /** The outputs it may complete with; false or [] for an actor that never completes. Default: one, `undefined`. */
  readonly done?: readonly unknown[] | false;
  /** The errors it may fail with; false or [] for an actor that never fails. Default: one, `{ name: 'Error', message: '<src> failed' }`. */
  readonly error?: readonly unknown[] | false;
  /** The snapshots it may emit, where its invoke has onSnapshot; false or [] for none. Default: one, `undefined`. */
  readonly snapshot?: readonly unknown[] | false;
}

/** The kinds of environment events, as `--environment` names them. */
export const ENVIRONMENT_KINDS = ['delays', 'actors'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** The environment one check explores. */
export interface Environment {
  readonly delays: boolean;
  readonly actors: boolean;
  /** The outputs, errors and snapshots of one invoked actor. */
  outcomes(invoke: InvokeDef): { readonly done: readonly unknown[]; readonly error: readonly unknown[]; readonly snapshot: readonly unknown[] };
}

/** An invoke as xstate resolves it on a state node. */
export interface InvokeDef {
  readonly id: string;
  readonly src: string;
  readonly onSnapshot?: unknown;
}

/** The parts of an xstate state node read here. */
export interface EnvironmentNode {
  readonly order: number;
  readonly invoke: readonly InvokeDef[];
  readonly after: readonly { readonly eventType: string }[];
}

/**
 * The environment a check explores: the model's declaration, with `only` (the `--environment`
 * option: the kinds to explore) replacing its on/off switches when given.
 */
export function resolveEnvironment(spec: EnvironmentSpec | undefined, only?: readonly EnvironmentKind[]): Environment {
  const declared = typeof spec?.actors === 'object' ? spec.actors : {};
  return {
    delays: only ? only.includes('delays') : spec?.delays !== false,
    actors: only ? only.includes('actors') : spec?.actors !== false,
    outcomes(invoke) {
      const o = declared[invoke.id] ?? declared[invoke.src];
      if (o === false) return { done: [], error: [], snapshot: [] };
      const done = o?.done === false ? [] : (o?.done ?? [undefined]);
      const error = o?.error === false ? [] : (o?.error ?? [{ name: 'Error', message: `${invoke.src} failed` }]);
      const snapshot = o?.snapshot === false ? [] : (o?.snapshot ?? [undefined]);
      return { done, error, snapshot };
    },
  };
}

/** What of the environment a machine has: delayed transitions, invoked actors. */
export function environmentOf(nodes: Iterable<EnvironmentNode>): { readonly delays: boolean; readonly actors: boolean } {
  let delays = false;
  let actors = false;
  for (const n of nodes) {
    if (n.after.length > 0) delays = true;
    if (n.invoke.length > 0) actors = true;
  }
  return { delays, actors };
}

/**
 * The environment's events while these state nodes are active, in document order: per node its
 * delayed transitions' events, then per invoked actor its snapshots (where its invoke has
 * onSnapshot), its completions and its failures. The
 * failures come back apart as well: they are enabled even where no transition takes them.
 */
export function environmentEvents(active: Iterable<EnvironmentNode>, env: Environment): { events: EventObject[]; failures: Set<EventObject> } {
  const events: EventObject[] = [];
  const failures = new Set<EventObject>();
  if (!env.delays && !env.actors) return { events, failures };
  const nodes = [...active].filter((n) => n.after.length > 0 || n.invoke.length > 0).sort((a, b) => a.order - b.order);
  for (const n of nodes) {
    if (env.delays) {
      const seen = new Set<string>();
      for (const d of n.after) {
        if (seen.has(d.eventType)) continue;
        seen.add(d.eventType);
        events.push({ type: d.eventType });
      }
    }
    if (!env.actors) continue;
    for (const inv of n.invoke) {
      const { done, error, snapshot } = env.outcomes(inv);
      if (inv.onSnapshot !== undefined) for (const x of snapshot) events.push((x === undefined ? { type: `xstate.snapshot.${inv.id}` } : { type: `xstate.snapshot.${inv.id}`, snapshot: x }) as unknown as EventObject);
      for (const output of done) events.push((output === undefined ? { type: `xstate.done.actor.${inv.id}`, actorId: inv.id } : { type: `xstate.done.actor.${inv.id}`, output, actorId: inv.id }) as unknown as EventObject);
      for (const e of error) {
        const event = { type: `xstate.error.actor.${inv.id}`, error: e, actorId: inv.id } as EventObject;
        events.push(event);
        failures.add(event);
      }
    }
  }
  return { events, failures };
}

/** Whether an event is the environment's (a delayed transition's, an invoked actor's snapshot, completion or failure). */
export function isEnvironmentEvent(event: EventObject): boolean {
  const t = event.type;
  return t.startsWith('xstate.after.') || t.startsWith('xstate.done.actor.') || t.startsWith('xstate.error.actor.') || t.startsWith('xstate.snapshot.');
}

/** Whether an entry action is the timer xstate starts for one of its node's own delayed transitions. */
export function isTimerStart(action: unknown, node: EnvironmentNode): boolean {
  const a = action as { type?: unknown; delay?: unknown; id?: unknown };
  return typeof action === 'function' && a.type === 'xstate.raise' && a.delay !== undefined && node.after.some((d) => d.eventType === a.id);
}

/** Whether an exit action is the cancellation xstate adds for one of its node's own delayed transitions. */
export function isTimerCancel(action: unknown, node: EnvironmentNode): boolean {
  const a = action as { type?: unknown; sendId?: unknown };
  return typeof action === 'function' && a.type === 'xstate.cancel' && node.after.some((d) => d.eventType === a.sendId);
}
