// The 7GUIs flight booker of the xstate examples: a one-way or return trip, dates changed while
// scheduling, BOOK_* guarded by date checks, then a promise actor books (onDone: the final
// `booked`; onError: back to scheduling). Exercises named guards and actions of setup() used as
// `{ type }` objects, `#id` targets and an invoked promise actor.
//
// Dates range over the day before the (fixed) TODAY of machine.ts, TODAY and TOMORROW.
import { defineModel } from 'lucheck';
import { flightBookerMachine } from './machine.ts';

const TODAY = '2024-06-15';
const DATES = ['2024-06-14', TODAY, '2024-06-16'];
const EVENTS = [
  { type: 'CHANGE_TRIP_TYPE' },
  ...DATES.map((value) => ({ type: 'CHANGE_DEPART_DATE', value })),
  ...DATES.map((value) => ({ type: 'CHANGE_RETURN_DATE', value })),
  { type: 'BOOK_DEPART' },
  { type: 'BOOK_RETURN' },
];

export default defineModel({
  name: 'flight-booker',
  description: 'xstate examples/7guis-flight-booker-react: one-way or return trip, booking guarded by dates',
  machine: () => flightBookerMachine,
  events: () => EVENTS,
  invariants: [
    {
      // both BOOK_DEPART and BOOK_RETURN are guarded by departDate >= TODAY, and the dates cannot
      // change outside scheduling.
      id: 'NO_BOOKING_IN_THE_PAST',
      title: 'no flight booked in the past',
      description: 'in booking or booked, departDate >= TODAY',
      check: (s) => !(s.matches('booking') || s.matches('booked')) || s.context.departDate >= TODAY || `departDate ${s.context.departDate}`,
    },
  ],
});
