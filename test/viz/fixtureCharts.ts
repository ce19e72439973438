// Small statecharts with known shapes, and the shipped models' machines, for the viz tests.
import { and, not, setup } from 'xstate';
import { resolveModelParams, type Model } from '../../src/model/defineModel.ts';

/** A guard made by a factory, as machines/step.ts makes them: an anonymous function. */
function when(fn: () => boolean) {
  return () => fn();
}

/**
 * A door: two parallel regions. `lock` has a named guard, a final state, a targetless
 * transition and a compound state with its own initial child; `light` has a guard that is a
 * named function, one made by a factory (anonymous) and a built-in combinator.
 */
export const door = setup({ guards: { isReady: () => true, isJammed: () => false } }).createMachine({
  id: 'door',
  type: 'parallel',
  states: {
    lock: {
      initial: 'locked',
      states: {
        locked: { on: { UNLOCK: { target: 'unlocked', guard: 'isReady' } } },
        unlocked: {
          on: { PING: {}, LOCK: 'locked', BREAK: 'broken', SERVICE: 'servicing' },
        },
        servicing: {
          initial: 'checking',
          on: { DONE: 'locked' },
          states: { checking: { on: { FIX: 'fixed' } }, fixed: {} },
        },
        broken: { type: 'final' },
      },
    },
    light: {
      initial: 'off',
      states: {
        off: {
          on: {
            TOGGLE: { target: 'on', guard: function hasPower() { return true; } },
            FLICKER: { target: 'on', guard: when(() => true) },
            FORCE: { target: 'on', guard: and(['isReady', not('isJammed')]) },
          },
        },
        on: { on: { TOGGLE: 'off', JUMP: '#door.lock.locked' } },
      },
    },
  },
});

/** Event names that need escaping in DOT and sanitising in Mermaid. */
export const awkward = setup({}).createMachine({
  id: 'awk "ward"',
  initial: 'a b',
  states: {
    'a b': { on: { 'SAY "hi" \\n': 'c;d', 'x{1}%%y': 'c;d' } },
    'c;d': { type: 'final' },
  },
});

/** The machine a model builds for the given `--set` values (defaults for the rest). */
export function machineOf(model: Model, sets: Record<string, string> = {}): { root: object } {
  return model.machine(resolveModelParams(model, sets)) as { root: object };
}

/** The names of a machine's top-level states (a parallel root's regions). */
export function topLevelNames(machine: { root: object }): string[] {
  return Object.keys((machine.root as { states: Record<string, unknown> }).states);
}
