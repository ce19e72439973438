// One toast of the toast library in helgardferreira/xstate-workshop: visible (idle with a
// countdown actor, persist when paused or for a loading toast, updating for a tick after an
// UPDATE), then dismissing (a remove-delay actor) and the final `removed`. Exercises
// parameterised guards whose params are computed (`guard: { type: 'shouldPersist', params:
// ({ context, event }) => ... }`), parameterised actions (`emitEvent` with static params,
// `setProgress`/`update` with computed params), an exit action on the root, a root-level
// transition to `.removed`, `#toast.dismissing` targets, emit, sendTo, and invoked observable
// actors.
//
// Model choices:
// - the input is one info toast; its parent (the toast group upstream) is an empty actor that is
//   never started: the exit action's sendTo to it is collected, not run, by the checker, and the
//   view leaves the actor ref out of the state;
// - the actors' events (PROGRESS, DISMISS from the countdown, SHOW after a tick, REMOVE after
//   the delay) are offered by the model, as the user's PAUSE/RESUME/UPDATE are;
// - the context holds wall-clock times (`Date.now()` in the context factory and in `update`,
//   `setCloseTimer`, `syncRemainingTime`) and, for a loading toast, `Infinity`; the view leaves
//   out closeTimerStartTime, createdAt and remainingTime (read by no guard) and the parent actor,
//   and writes a non-finite duration as the string 'Infinity'.
import { createActor, createMachine } from 'xstate';
import { defineModel } from 'lucheck';
import { toastMachine } from './machine.ts';

const parentActor = createActor(createMachine({ id: 'toastGroup' }));
const input = { id: 't1', parentActor, placement: 'top', removeDelay: 200, type: 'info', title: 'Saved' };
const EVENTS = [
  { type: 'PAUSE' },
  { type: 'RESUME' },
  { type: 'PROGRESS', progress: 0.5 },
  { type: 'PROGRESS', progress: 1 },
  { type: 'DISMISS' },
  { type: 'SHOW' },
  { type: 'REMOVE' },
  { type: 'UPDATE', options: { type: 'loading' } },
  { type: 'UPDATE', options: { type: 'success' } },
  { type: 'UPDATE', options: { duration: 1000 } },
];

export default defineModel({
  name: 'toast',
  description: 'xstate-workshop toast machine: countdown, pause, update, dismiss, remove',
  machine: () => toastMachine,
  input: () => input,
  events: () => EVENTS,
  view: (s) => {
    const { closeTimerStartTime: _a, createdAt: _b, remainingTime: _c, parentActor: _d, duration, ...rest } = s.context;
    return { value: s.value, status: s.status, context: { ...rest, duration: Number.isFinite(duration) ? duration : 'Infinity' } };
  },
  // the three observable actors run until their state is left: they neither complete nor fail.
  environment: { actors: { waitForDuration: false, waitForNextTick: false, waitForRemoveDelay: false } },
  invariants: [
    {
      // the `always` of idle, guarded by shouldPersist(duration, type), moves a loading or
      // endless toast to persist at once; a toast left counting down forever would break it.
      id: 'LOADING_PERSISTS',
      title: 'a loading or endless toast never counts down',
      description: "in visible.idle, type is not 'loading' and duration is finite",
      check: (s) =>
        !s.matches({ visible: 'idle' }) || (s.context.type !== 'loading' && Number.isFinite(s.context.duration)) || `idle with type ${s.context.type}, duration ${s.context.duration}`,
    },
    {
      // setProgress only receives the countdown's progress, a fraction; update resets it to 0.
      id: 'PROGRESS_IS_FRACTION',
      title: 'progress stays within 0..1',
      description: '0 <= progress <= 1',
      check: (s) => (s.context.progress >= 0 && s.context.progress <= 1) || `progress ${s.context.progress}`,
    },
    {
      // removed is a top-level final state: reaching it ends the toast actor.
      id: 'REMOVED_IS_THE_END',
      title: 'a removed toast is done',
      description: "in removed, status is 'done'",
      check: (s) => !s.matches('removed') || s.status === 'done' || `removed with status ${s.status}`,
    },
  ],
});
