// Example 6.16 of Horrocks' "Constructing the User Interface with Statecharts", as the xstate
// test suite encodes it: two parallel regions A (C, D) and B (E, F, G); event 2 takes A from C to
// D only when B is in E (`guard: stateIn('#E')`). Exercises the stateIn guard across regions and
// a parallel root.
import { defineModel } from 'lucheck';
import { machine } from './machine.ts';

const EVENTS = ['1', '2', '3', '5'].map((type) => ({ type }));

export default defineModel({
  name: 'horrocks-state-in',
  description: "Horrocks example 6.16 (xstate tests): a stateIn('#E') guard across parallel regions",
  machine: () => machine,
  events: () => EVENTS,
  invariants: [
    {
      // each region of the parallel root is compound: one child each.
      id: 'ONE_CHILD_PER_REGION',
      title: 'each region has exactly one active child',
      description: 'A is in one of C, D and B in one of E, F, G',
      check: (s) => {
        const a = ['C', 'D'].filter((c) => s.matches({ A: c })).length;
        const b = ['E', 'F', 'G'].filter((c) => s.matches({ B: c })).length;
        return (a === 1 && b === 1) || `value ${JSON.stringify(s.value)}`;
      },
    },
  ],
});
