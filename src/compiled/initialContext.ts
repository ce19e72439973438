import type { AnyStateMachine } from 'xstate';
import { CompileRefusal } from './CompileRefusal.ts';

/**
 * The machine's initial context: its `context` object, or what its context factory returns for
 * the input (as xstate's initial transition calls it: `{ input, spawn, self }`). A
 * factory that spawns actors is refused: a spawned actor's life is not modelled.
 */
export function initialContextOf(machine: AnyStateMachine, input: unknown): Record<string, unknown> {
  const context = (machine.config as { context?: unknown }).context;
  if (typeof context !== 'function') return (context ?? {}) as Record<string, unknown>;
  const spawn = () => {
    throw new CompileRefusal('spawn in the context factory (a spawned actor is not modelled)');
  };
  const made = (context as (args: { input: unknown; spawn: unknown; self: undefined }) => unknown)({ input, spawn, self: undefined });
  if (typeof made !== 'object' || made === null) throw new CompileRefusal('a context factory that returns no object');
  return made as Record<string, unknown>;
}
