// The countdown timer of the xstate examples: set minutes/seconds while stopped, start, and the
// invoked callback actor `ticks` sends TICK every second until zero. Exercises a callback actor
// (fromCallback), a guarded `always` and a guarded root-level transition.
//
// TICK is sent by the invoked `ticks` actor (sendBack); lucheck does not run invoked actors, so
// the model offers TICK itself (the machine takes it only while running). The seconds counter
// is bounded in events(): `minute`/`second` are offered only while the result stays <= LIMIT.
import { defineModel } from 'lucheck';
import { timerMachine } from './machine.ts';

const LIMIT = 65;

export default defineModel({
  name: 'timer',
  description: `xstate examples/timer: countdown set with minute/second, seconds <= ${LIMIT}`,
  machine: () => timerMachine,
  events: (s) => [
    { type: 'start' },
    { type: 'stop' },
    { type: 'reset' },
    ...(s.context.seconds + 60 <= LIMIT ? [{ type: 'minute' }] : []),
    ...(s.context.seconds + 1 <= LIMIT ? [{ type: 'second' }] : []),
    { type: 'TICK' },
  ],
  // `ticks` is an interval: it neither completes nor fails (its TICKs are offered above).
  environment: { actors: { ticks: false } },
  invariants: [
    {
      // TICK decrements only while running, and the `always` of running stops at 0. Dropping
      // that `always`, or the `seconds > 0` guard of start, would let TICK go below zero.
      id: 'NEVER_NEGATIVE',
      title: 'seconds never negative',
      description: 'context.seconds >= 0',
      check: (s) => s.context.seconds >= 0 || `seconds = ${s.context.seconds}`,
    },
    {
      // start needs seconds > 0 and running leaves at 0 through `always`.
      id: 'RUNNING_HAS_TIME',
      title: 'the timer runs only with time left',
      description: 'in running, seconds > 0',
      check: (s) => !s.matches('running') || s.context.seconds > 0 || 'running at 0 seconds',
    },
  ],
});
