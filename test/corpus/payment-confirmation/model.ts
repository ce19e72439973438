// The parent workflow of the xstate "reusing functions" example: it invokes the payment
// confirmation machine as a child, forwards PaymentReceivedEvent to it, and logs every other
// event with a wildcard ('*') transition. The parent has no state nodes (an atomic root).
// Exercises the '*' event descriptor, forwardTo and an invoked machine actor (its snapshots
// reach the parent through onSnapshot, and its completion through the wildcard: both the
// environment's events).
//
// ConfirmationCompletedEvent is what the child sends to the parent with sendParent when it ends;
// it has no transition of its own, so the wildcard takes it; UnknownEvent stands for any other.
import { defineModel } from 'lucheck';
import { parentWorkflow } from './machine.ts';

const EVENTS = [
  {
    type: 'PaymentReceivedEvent',
    accountId: '1234',
    payment: { amount: 100 },
    customer: { name: 'John Doe' },
    funds: { available: true },
  },
  { type: 'ConfirmationCompletedEvent', payment: { amount: 100 } },
  { type: 'UnknownEvent' },
];

export default defineModel({
  name: 'payment-confirmation',
  description: "xstate examples/workflow-reusing-functions: the parent with a '*' transition",
  machine: () => parentWorkflow,
  events: () => EVENTS,
  // the child machine `paymentconfirmation` runs to its final state; it is a machine, not a promise.
  environment: { actors: { paymentconfirmation: { error: false } } },
  invariants: [
    {
      // the parent has no final state: neither its events nor the child's completion stop it.
      id: 'PARENT_STAYS_ACTIVE',
      title: 'the parent keeps running',
      description: "status is 'active'",
      check: (s) => s.status === 'active' || `status ${s.status}`,
    },
  ],
});
