import type { EventObject } from 'xstate';
import type { ModelDefinition } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, modelException } from '../model/errors.ts';
import { canonicalJson } from '../adapter/canonicalJson.ts';
import { formatStateValue } from '../adapter/formatStateValue.ts';
import type { CTransition, CompiledMachine } from './compileMachine.ts';
import { GuardNotImplemented } from './compileGuard.ts';
import type { Configuration, Handlers, Selection } from './Configuration.ts';
import { handlersOf } from './handlersOf.ts';

/** A readable event for an error message. */
export function eventLabel(e: EventObject): string {
  try {
    return canonicalJson(e);
  } catch {
    return e.type;
  }
}

/**
 * Selects the transitions xstate takes in a configuration, into two reused arrays (`taken`,
 * `regions`), as xstate selects them: for an event, per part of the active states the first
 * candidate whose guard passes (`handlersOf`); for eventless transitions, per active leaf the
 * first `always` transition from the leaf upwards whose guard passes. Guards see only
 * `{ context, event }` (and the configuration, for `stateIn`), so nothing re-enters a selection
 * in progress. A guard that throws is a model error naming the event and the state.
 */
export class TransitionSelector {
  /** The transitions of the last selection, and the top-level region of each (-1: the root). */
  readonly taken: CTransition[] = [];
  readonly regions: number[] = [];

  constructor(
    private readonly model: ModelDefinition<ParamValues>,
    private readonly cm: CompiledMachine,
  ) {}

  /** Who may take an event type here, worked out once per configuration. */
  handlers(config: Configuration, type: string): Handlers {
    let h = config.handlers.get(type);
    if (h === undefined) config.handlers.set(type, (h = handlersOf(this.cm, config, type)));
    return h;
  }

  guardPasses(t: CTransition, context: unknown, event: EventObject, config: Configuration): boolean {
    if (!t.guard) return true;
    try {
      return !!t.guard(context, event, config);
    } catch (error) {
      if (error instanceof GuardNotImplemented) throw new ModelError('model-exception', `model ${this.model.name}: the guard '${error.guardName}' of a ${event.type || 'always'} transition of state '${t.source.id}' is not implemented`);
      throw modelException(error, `model ${this.model.name}: a guard threw on event ${eventLabel(event)} in state ${formatStateValue(config.value)}`);
    }
  }

  /** Selects the transitions `event` takes; returns how many. */
  select(config: Configuration, context: unknown, event: EventObject, h: Handlers): number {
    if (h.tree !== undefined) return this.selectTree(h.tree, config, context, event, 0);
    const taken = this.taken;
    const regions = this.regions;
    let n = 0;
    for (let k = 0; k < h.lists.length; k++) {
      const list = h.lists[k]!;
      for (let j = 0; j < list.length; j++) {
        const t = list[j]!;
        if (t.guard === undefined || this.guardPasses(t, context, event, config)) {
          taken[n] = t;
          regions[n++] = h.regions[k]!;
          break;
        }
      }
    }
    if (n === 0) {
      for (const t of h.root) {
        if (this.guardPasses(t, context, event, config)) {
          taken[n] = t;
          regions[n++] = -1;
          break;
        }
      }
    }
    return n;
  }

  /** Below a parallel state: its parts' transitions first, its own only when none of them took the event. */
  private selectTree(sel: Selection, config: Configuration, context: unknown, event: EventObject, n: number): number {
    if (sel.parts !== undefined) {
      const before = n;
      for (const part of sel.parts) n = this.selectTree(part, config, context, event, n);
      if (n > before) return n;
    }
    for (const t of sel.chain) {
      if (this.guardPasses(t, context, event, config)) {
        this.taken[n] = t;
        this.regions[n++] = sel.region;
        return n;
      }
    }
    return n;
  }

  /**
   * The `always` transitions enabled: per active leaf, the first whose guard passes, from the
   * leaf upwards; each once. The leaves are taken in document order (xstate takes them in the
   * order their states were entered, which a snapshot's identity does not record; the two differ
   * only for always transitions of several regions firing in one microstep).
   */
  selectEventless(config: Configuration, context: unknown, event: EventObject): number {
    let n = 0;
    for (const chain of config.alwaysChains) {
      found: for (const node of chain) {
        for (const t of node.always) {
          if (!this.guardPasses(t, context, event, config)) continue;
          let known = false;
          for (let i = 0; i < n; i++) if (this.taken[i] === t) known = true;
          if (!known) {
            this.taken[n] = t;
            this.regions[n++] = node.region;
          }
          break found;
        }
      }
    }
    return n;
  }
}
