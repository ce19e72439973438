// The stopwatch of the xstate examples: start/stop, and reset from anywhere (a root-level
// transition targeting `.stopped`). While running, the invoked callback actor `ticks` sends TICK
// every 10 ms; lucheck does not run invoked actors, so the model offers TICK itself (taken only
// while running), and bounds elapsed by offering TICK only below LIMIT.
import { defineModel } from 'lucheck';
import { stopwatchMachine } from './machine.ts';

const LIMIT = 20;

export default defineModel({
  name: 'stopwatch',
  description: `xstate examples/stopwatch: start/stop/reset, elapsed <= ${LIMIT}`,
  machine: () => stopwatchMachine,
  events: (s) => [{ type: 'start' }, { type: 'stop' }, { type: 'reset' }, ...(s.context.elapsed < LIMIT ? [{ type: 'TICK' }] : [])],
  // `ticks` is an interval: it neither completes nor fails (its TICKs are offered above).
  environment: { actors: { ticks: false } },
  invariants: [
    {
      // elapsed only ever grows by 1 (TICK) or goes back to 0 (reset).
      id: 'ELAPSED_COUNTS',
      title: 'elapsed is a tick count',
      description: 'context.elapsed is an integer >= 0',
      check: (s) => (Number.isInteger(s.context.elapsed) && s.context.elapsed >= 0) || `elapsed = ${s.context.elapsed}`,
    },
  ],
});
