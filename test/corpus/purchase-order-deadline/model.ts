// The purchase-order workflow of the xstate examples (after the Serverless Workflow "purchase
// order deadline" example): an order is created, confirmed, shipped; a root-level delayed
// transition (`after: { PT30D: { target: '.CancelOrder' } }`, a named delay of the second
// createMachine argument) cancels it at the deadline through an invoked promise actor.
// Exercises a delayed transition on the root targeting `.CancelOrder`, named actions and delays
// in createMachine's second argument, entry actions, an invoked promise actor and final states.
import { defineModel } from 'lucheck';
import { workflow } from './machine.ts';

const EVENTS = [{ type: 'OrderCreatedEvent' }, { type: 'OrderConfirmedEvent' }, { type: 'ShipmentSentEvent' }];

export default defineModel({
  name: 'purchase-order-deadline',
  description: 'xstate examples/workflow-purchase-order-deadline: an order with a cancellation deadline',
  machine: () => workflow,
  events: () => EVENTS,
  // CancelOrder completes (upstream it never fails: its delay has error probability 0).
  environment: { actors: { CancelOrder: { error: false } } },
  invariants: [
    {
      // the two final states are top-level, so reaching either ends the workflow, and nothing else does.
      id: 'DONE_IFF_CLOSED',
      title: 'the workflow ends exactly when the order is finished or cancelled',
      description: "status 'done' iff the state is OrderFinished or OrderCancelled",
      check: (s) => (s.status === 'done') === (s.matches('OrderFinished') || s.matches('OrderCancelled')) || `status ${s.status} in ${JSON.stringify(s.value)}`,
    },
  ],
});
