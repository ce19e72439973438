import type { EventObject } from 'xstate';
import { ModelError, shortValue } from './errors.ts';

/**
 * A check of what a model's `events()` returned in a state: a list of events, each an object
 * with a string `type`. Anything else is a model error naming the state (`describe`) and what
 * came back, never a crash deeper in the search. A list met again (a model that hands out one
 * frozen alphabet) is not looked at twice: the last few lists found good are remembered by
 * identity, and that path allocates nothing (it runs for every state expanded).
 */
export function eventListChecker<S>(modelName: string, describe: (state: S) => string): (list: unknown, state: S) => readonly EventObject[] {
  const good: unknown[] = [];
  let next = 0;
  return (list, state) => {
    if (good.includes(list)) return list as readonly EventObject[];
    // no closure here: one capturing `state` would make V8 allocate its scope on every call
    checkList(modelName, list, describe, state);
    good[next] = list;
    next = (next + 1) % 4;
    return list as EventObject[];
  };
}

function checkList<S>(modelName: string, list: unknown, describe: (state: S) => string, state: S): void {
  const bad = (what: string): never => {
    throw new ModelError('invalid-model', `model ${modelName}: events() returned ${what} in state ${describe(state)}; it must return a list of events, each an object with a string \`type\``);
  };
  if (!Array.isArray(list)) bad(list === null ? 'null' : `${typeof list} ${shortValue(list)}`);
  const events = list as unknown[];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as { type?: unknown } | null;
    if (typeof e !== 'object' || e === null || typeof e.type !== 'string') bad(`a list whose item ${i} is ${shortValue(e)}`);
  }
}
