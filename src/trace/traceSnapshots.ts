import type { CheckResult } from '../CheckResult.ts';
import type { AnySnapshot, ModelDefinition } from '../model/defineModel.ts';
import { resolveModelParams } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { withEnvironment } from '../model/withEnvironment.ts';
import { createXstateSystem } from '../adapter/xstateSystem.ts';
import { enabledEventLike } from './enabledEventLike.ts';
import { exploredEnvironment } from './exploredEnvironment.ts';

/**
 * The states of a result's first counterexample in full (a trace keeps only what changed), by
 * re-executing its events on the model with xstate, in the environment the result explored;
 * undefined when the result has no counterexample. A trace that no longer fits the model is a
 * `trace-diverged` ModelError.
 */
export function traceSnapshots(model: ModelDefinition<ParamValues>, result: CheckResult): AnySnapshot[] | undefined {
  const v = result.violations[0];
  if (!v) return undefined;
  const params = resolveModelParams(model, result.params);
  const { model: ready, environment } = withEnvironment(model, params, exploredEnvironment(result));
  const system = createXstateSystem(ready, params, undefined, environment);
  let state = system.initialState();
  const states = [state];
  for (let i = 1; i < v.trace.length; i++) {
    state = system.next(state, enabledEventLike(system, state, v.trace[i]!.event!, i));
    states.push(state);
  }
  return states;
}
