import type { EventObject } from 'xstate';
import type { AnySnapshot } from '../model/defineModel.ts';
import { ModelError } from '../model/errors.ts';
import { canonicalJson } from '../adapter/canonicalJson.ts';
import { formatStateValue } from '../adapter/formatStateValue.ts';
import type { TransitionSystem } from '../search/TransitionSystem.ts';

/**
 * The enabled event of `state` equal to `wanted` (a trace's event, as saved: equal as canonical
 * JSON), for re-executing a saved trace; a `trace-diverged` ModelError naming step `step` and
 * what is enabled when none is (events described by `describe`: the CLI passes its reporters' way).
 */
export function enabledEventLike(system: TransitionSystem<AnySnapshot, EventObject>, state: AnySnapshot, wanted: EventObject, step: number, describe: (e: EventObject) => string = canonicalJson): EventObject {
  const key = canonicalJson(wanted);
  const enabled = system.enabledEvents(state);
  const event = enabled.find((e) => canonicalJson(e) === key);
  if (event) return event;
  throw new ModelError(
    'trace-diverged',
    `step ${step} of the trace takes ${describe(wanted)}, which is not enabled in state ${formatStateValue(state.value)}; enabled: ${enabled.map(describe).join(', ') || 'none'}`,
  );
}
