import type { EventObject } from 'xstate';
import type { AnySnapshot } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { fairnessCovers, formatFairness, type Fairness, type Property } from '../model/Property.ts';
import type { XstateSystem } from '../adapter/xstateSystem.ts';
import { propertyHolds } from './propertyHolds.ts';

/**
 * Whether a replayed lasso (`states[0..]`, the events between them, its cycle after step
 * `start`) is a counterexample to `property` under `fairness`, checked on the trace alone: the
 * cycle comes back to the state of step `start` (or, stuttering, no event is enabled there),
 * the property's predicates fail on it as its shape says, and every fairness assumption is
 * met on the cycle. `same` says whether the cycle's end is its start (by default, equal keys;
 * under a symmetry, equal canonical forms). Undefined when it is; otherwise why not.
 */
export function lassoProblem(
  system: XstateSystem,
  states: readonly AnySnapshot[],
  events: readonly EventObject[],
  loop: { readonly start: number; readonly stutter: boolean },
  property: Property,
  fairness: readonly Fairness[],
  params: ParamValues,
  same: (a: AnySnapshot, b: AnySnapshot) => boolean = (a, b) => system.key(a) === system.key(b),
): string | undefined {
  const end = states.length - 1;
  const { start } = loop;
  if (start < 0 || start > end) return `its cycle starts at step ${start}, outside the trace (0 to ${end})`;
  const cycleStates = states.slice(start, loop.stutter ? end + 1 : end);
  if (loop.stutter) {
    if (start !== end) return `it stutters from step ${start}, but the trace goes on to step ${end}`;
    if (system.enabledEvents(states[end]!).length > 0) return `it stutters in the state of step ${end}, where events are enabled`;
  } else if (end === start) {
    return 'its cycle has no step';
  } else if (!same(states[end]!, states[start]!)) {
    return `its last step does not come back to the state of step ${start}`;
  }
  // a predicate that throws or answers other than true or false is the model's error, as in a check
  const p = (s: AnySnapshot) => propertyHolds(property, 'p', s, params);
  switch (property.kind) {
    case 'eventually':
      if (states.some(p)) return `${property.id}'s predicate holds at step ${states.findIndex(p)}`;
      break;
    case 'always-eventually':
      if (cycleStates.some(p)) return `${property.id}'s predicate holds in the cycle`;
      break;
    case 'eventually-always':
      if (cycleStates.every(p)) return `${property.id}'s predicate holds throughout the cycle`;
      break;
    case 'leads-to': {
      const q = (s: AnySnapshot) => propertyHolds(property, 'q', s, params);
      // a premise with no conclusion from there on, the cycle included
      const trigger = states.findIndex((s, i) => p(s) && !q(s) && states.slice(Math.min(i, start)).every((t) => !q(t)));
      if (trigger < 0) return `no step where ${property.id}'s premise holds is followed only by steps without its conclusion`;
    }
  }
  // fairness on the cycle: enabled somewhere, everywhere, taken
  for (const f of fairness) {
    if (loop.stutter) continue;
    const enabledAt = cycleStates.map((s) => system.enabledEvents(s).some((e) => fairnessCovers(f, e, system.actorOf(s, e))));
    const taken = events.slice(start, end).some((e, i) => fairnessCovers(f, e, system.actorOf(states[start + i]!, e)));
    if (taken) continue;
    if (f.kind === 'weak' && enabledAt.every(Boolean)) return `its cycle is not ${formatFairness(f)}: those steps are enabled throughout and never taken`;
    if (f.kind === 'strong' && enabledAt.some(Boolean)) return `its cycle is not ${formatFairness(f)}: those steps are enabled in it and never taken`;
  }
  return undefined;
}
