// Examples 6.9 and 6.10 of Horrocks' "Constructing the User Interface with Statecharts", as the
// xstate test suite encodes them: a compound A with children B (D, E) and C (F, G), a shallow
// history `hist` and a deep history `deepHist`; 6 leaves A for H, 1 returns through the shallow
// history (B or C, at its initial child), 7 through the deep one (the exact leaf). Exercises
// shallow and deep history states side by side.
import { defineModel } from 'lucheck';
import { machine } from './machine.ts';
import { historyIds } from '../support.ts';

const EVENTS = ['1', '2', '3', '4', '5', '6', '7'].map((type) => ({ type }));

export default defineModel({
  name: 'horrocks-history',
  description: 'Horrocks examples 6.9/6.10 (xstate tests): shallow and deep history',
  machine: () => machine,
  events: () => EVENTS,
  invariants: [
    {
      // H is entered only by 6 from A; leaving A records its active child for the shallow history
      // and its active leaf for the deep one, in the same step, so the leaf lies under the child.
      id: 'H_REMEMBERS_A',
      title: 'in H, both histories of A are recorded, consistently',
      description: 'in H, A.hist records one child of A (B or C) and A.deepHist one leaf under that child',
      check: (s) => {
        if (!s.matches('H')) return true;
        const h = historyIds(s);
        const shallow = h['(machine).A.hist'] ?? [];
        const deep = h['(machine).A.deepHist'] ?? [];
        if (shallow.length !== 1 || !/^\(machine\)\.A\.[BC]$/.test(shallow[0]!)) return `shallow history ${JSON.stringify(shallow)}`;
        if (deep.length !== 1 || !deep[0]!.startsWith(shallow[0]! + '.')) return `deep history ${JSON.stringify(deep)} not under ${shallow[0]}`;
        return true;
      },
    },
    {
      // the root is a compound state: A or H, never both or neither.
      id: 'A_XOR_H',
      title: 'exactly one of A and H is active',
      description: 'A xor H',
      check: (s) => s.matches('A') !== s.matches('H') || `value ${JSON.stringify(s.value)}`,
    },
  ],
});
