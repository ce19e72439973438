import type { EventObject } from 'xstate';
import type { AnySnapshot } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { fairnessCovers, type Fairness, type Property } from '../model/Property.ts';
import { propertyHolds } from './propertyHolds.ts';
import type { XstateSystem } from '../adapter/xstateSystem.ts';
import type { SearchObserver, StatePredicate } from '../search/SearchOutcome.ts';
import { GraphStore, type GraphStoreData } from './GraphStore.ts';
import type { FairnessMasks } from './fairComponents.ts';

/** What a search needs to record the state graph a liveness check reads: its store, an observer and a predicate to run first on every new state. */
export interface LivenessRecorder {
  readonly store: GraphStore;
  readonly observer: SearchObserver<AnySnapshot, EventObject>;
  readonly predicate: StatePredicate<AnySnapshot>;
}

/** Bit j set for the weak (strong) assumptions among `fairness`. */
export function fairnessMasks(fairness: readonly Fairness[]): FairnessMasks {
  let weak = 0;
  let strong = 0;
  fairness.forEach((f, j) => (f.kind === 'weak' ? (weak |= 1 << j) : (strong |= 1 << j)));
  return { weak, strong };
}

/**
 * Records, as a search runs, every edge with its fairness mask (which assumptions its step is
 * about: by event type, or by the actor `system.actorOf` names) and every state's property bits;
 * from what a checkpoint `saved` when the search goes on from one.
 */
export function livenessRecorder(system: XstateSystem, properties: readonly Property[], fairness: readonly Fairness[], params: ParamValues, saved?: GraphStoreData): LivenessRecorder {
  const store = new GraphStore(properties.length, saved);
  const byActor = fairness.some((f) => f.actor !== undefined);
  // an edge's mask is that of its actor or that of its event type: each worked out once
  const byEvent = fairness.some((f) => f.event !== undefined);
  const actorMasks = new Map<string | undefined, number>();
  const eventMasks = new Map<string, number>();
  const maskOf = (covers: (f: Fairness) => boolean): number => fairness.reduce((mask, f, j) => (covers(f) ? mask | (1 << j) : mask), 0);
  const actorMask = (actor: string | undefined): number => {
    let mask = actorMasks.get(actor);
    if (mask === undefined) actorMasks.set(actor, (mask = maskOf((f) => f.actor !== undefined && fairnessCovers(f, { type: '' }, actor))));
    return mask;
  };
  const eventMask = (type: string): number => {
    let mask = eventMasks.get(type);
    if (mask === undefined) eventMasks.set(type, (mask = maskOf((f) => f.event !== undefined && f.event === type)));
    return mask;
  };
  const columns = Math.ceil(properties.length / 16);
  const test = (prop: Property, which: 'p' | 'q', s: AnySnapshot): number => (propertyHolds(prop, which, s, params) ? 1 : 0);
  return {
    store,
    observer: {
      onSuccessor(from, event) {
        if (fairness.length === 0) return;
        store.markLast((byActor ? actorMask(system.actorOf(from, event)) : 0) | (byEvent ? eventMask(event.type) : 0));
      },
    },
    predicate: {
      id: '(liveness)',
      check(s) {
        for (let c = 0; c < columns; c++) {
          let bits = 0;
          for (let i = c * 16; i < Math.min(properties.length, c * 16 + 16); i++) {
            const prop = properties[i]!;
            bits |= test(prop, 'p', s) << (2 * (i - c * 16));
            if (prop.kind === 'leads-to') bits |= test(prop, 'q', s) << (2 * (i - c * 16) + 1);
          }
          store.setBits(c, bits);
        }
        return true;
      },
    },
  };
}
