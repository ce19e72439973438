import type { EventObject } from 'xstate';
import type { AnySnapshot } from '../model/defineModel.ts';
import type { XstateSystem } from '../adapter/xstateSystem.ts';
import { formatStateValue } from '../adapter/formatStateValue.ts';
import type { TraceStep } from '../CheckResult.ts';
import type { ReplayedStep } from './replayPath.ts';
import { diffContext } from './diffContext.ts';

/** Turns replayed snapshots into readable trace steps: actor, active states, context changes. */
export function buildTrace(system: XstateSystem, steps: readonly ReplayedStep<AnySnapshot, EventObject>[]): TraceStep[] {
  return steps.map((s, i) => {
    const prev = i > 0 ? steps[i - 1]!.state : undefined;
    const state = formatStateValue(s.state.value);
    const changes = prev ? diffContext(prev.context, s.state.context) : [];
    const actor = prev && s.event ? (system.actorOf(prev, s.event) ?? null) : null;
    return {
      step: i,
      event: s.event ?? null,
      actor,
      state,
      changes,
      summary: changes.length > 0 ? `${state}; ${changes.join(', ')}` : state,
    };
  });
}
