// An editor that saves by itself: a second after the last edit (a delayed transition) it invokes
// `save` with the current version, and when the save completes it marks the document clean. An
// edit made while the save is in flight is lost: the completion marks it clean too. The bug
// shows only through the environment's steps (the timer firing, the invoked actor completing),
// which lucheck explores as events of their own; with `fixed` the completion keeps the document
// dirty when the version moved on.
import { setup, assign, fromPromise } from 'xstate';
import { defineModel } from 'lucheck';

interface Doc {
  /** Bumped by every edit. */
  version: number;
  /** The version the save in flight writes. */
  saving: number;
  /** The last version written. */
  saved: number;
  /** Whether the editor shows unsaved changes. */
  dirty: boolean;
}

const EDITS = 3;

export function autosaveMachine(fixed: boolean) {
  return setup({
    types: {} as { context: Doc; events: { type: 'EDIT' } },
    actors: { save: fromPromise(async ({ input }: { input: { version: number } }) => input.version) },
    actions: {
      edit: assign(({ context }) => ({ version: context.version + 1, dirty: true })),
    },
  }).createMachine({
    id: 'editor',
    context: { version: 0, saving: 0, saved: 0, dirty: false },
    initial: 'idle',
    states: {
      idle: { on: { EDIT: { target: 'editing', actions: 'edit' } } },
      editing: {
        on: { EDIT: { target: 'editing', reenter: true, actions: 'edit' } },
        after: { 1000: 'saving' },
      },
      saving: {
        entry: assign(({ context }) => ({ saving: context.version })),
        invoke: {
          src: 'save',
          input: ({ context }) => ({ version: context.version }),
          onDone: {
            target: 'idle',
            actions: assign(({ context }) => ({ saved: context.saving, dirty: fixed ? context.version !== context.saving : false })),
          },
          onError: 'editing',
        },
        on: { EDIT: { actions: 'edit' } },
      },
    },
  });
}

export default defineModel({
  name: 'autosave',
  description: 'an editor that saves a second after the last edit (loses an edit made while saving)',
  params: {
    fixed: { default: false, description: 'the save completion keeps the document dirty when the version moved on' },
  },
  machine: (p) => autosaveMachine(p.fixed as boolean),
  // at most three edits: the state space stays finite
  events: (s) => (s.context.version < EDITS ? [{ type: 'EDIT' }] : []),
  invariants: [
    {
      id: 'NO-LOST-EDIT',
      title: 'a clean document has its last version saved',
      description: 'when the editor shows no unsaved changes, the saved version is the current one',
      check: (s) => s.context.dirty || s.context.saved === s.context.version || `the editor shows version ${s.context.version} as saved, but version ${s.context.saved} was saved`,
    },
  ],
  isFinal: () => true,
});
