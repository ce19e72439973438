// The payment machine of the xstate README's "History States" section: choose cash or check,
// go on to review, and PREVIOUS returns to the method last chosen through the shallow history
// state `method.hist`. Exercises a shallow history state.
import { defineModel } from 'lucheck';
import { paymentMachine } from './machine.ts';
import { historyIds } from '../support.ts';

const EVENTS = [{ type: 'SWITCH_CHECK' }, { type: 'SWITCH_CASH' }, { type: 'NEXT' }, { type: 'PREVIOUS' }];

export default defineModel({
  name: 'payment-method',
  description: 'xstate README "History States": PREVIOUS returns to the last payment method',
  machine: () => paymentMachine,
  events: () => EVENTS,
  invariants: [
    {
      // review is entered only from method (NEXT), and leaving method records its active child in
      // its history state `hist`, which PREVIOUS restores.
      id: 'REVIEW_REMEMBERS_METHOD',
      title: 'in review, the last method is remembered',
      description: 'in review, the history state payment.method.hist records exactly one of cash or check',
      check: (s) => {
        if (!s.matches('review')) return true;
        const ids = historyIds(s)['payment.method.hist'] ?? [];
        return (ids.length === 1 && ['payment.method.cash', 'payment.method.check'].includes(ids[0]!)) || `history of method: ${JSON.stringify(ids)}`;
      },
    },
  ],
});
