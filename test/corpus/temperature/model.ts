// The 7GUIs temperature converter of the xstate examples: a machine with no states at all (an
// atomic root) whose root-level CELSIUS/FAHRENHEIT transitions assign both fields. The payload
// values are a few strings as typed in the text fields, including the empty string.
import { defineModel } from 'lucheck';
import { temperatureMachine } from './machine.ts';

const EVENTS = [
  ...['', '0', '37', '100', '-40'].map((value) => ({ type: 'CELSIUS', value })),
  ...['', '32', '212', '-40'].map((value) => ({ type: 'FAHRENHEIT', value })),
];
const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));

export default defineModel({
  name: 'temperature',
  description: 'xstate examples/7guis-temperature-react: an atomic root converting C <-> F',
  machine: () => temperatureMachine,
  events: () => EVENTS,
  invariants: [
    {
      // each event sets both fields from the same value: F = C * 9/5 + 32.
      id: 'CONSISTENT',
      title: 'the two fields show the same temperature',
      description: 'when both fields hold numbers, F = C * 9/5 + 32 (to 1e-9)',
      check: (s) => {
        const c = num(s.context.tempC), f = num(s.context.tempF);
        if (c === undefined || f === undefined) return true;
        return Math.abs(f - (c * 9) / 5 - 32) < 1e-9 || `C ${c} and F ${f} disagree`;
      },
    },
    {
      // clearing one field clears the other.
      id: 'EMPTY_TOGETHER',
      title: 'both fields are empty or neither',
      description: "tempC === '' iff tempF === ''",
      check: (s) => (s.context.tempC === '') === (s.context.tempF === '') || 'one field empty, the other not',
    },
  ],
  // the converter always accepts input; no state is a dead end.
});
