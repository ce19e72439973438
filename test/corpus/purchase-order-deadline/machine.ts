/*
 * Source: https://github.com/statelyai/xstate — examples/workflow-purchase-order-deadline/main.ts
 * Commit: b1811bf77bc2d1a74367328cec7907aa185b70df
 * Licence: MIT (LICENSE: "The MIT License (MIT) Copyright (c) 2015 David Khourshid")
 *
 * This file is the upstream file as written, except for these edits:
 *   1. `createActor` dropped from the xstate import (only the removed driver code used it).
 *   2. import of 'cockatiel' (retry, handleWhen, ConstantBackoff) replaced by a local stand-in.
 *   3. the driver code at the end of the file (createActor, subscribe, start, three sends with top-level `await delay(10_000)`) removed, so that importing the module has no effects.
 */
import { createMachine, fromPromise } from 'xstate';
// Stand-in for the three 'cockatiel' exports this file uses (the package is not installed here);
// only the shape the module needs: the retry policy runs the function once.
const handleWhen = (predicate: (err: unknown) => boolean) => predicate;
class ConstantBackoff {
  constructor(readonly interval: number) {}
}
function retry(_policy: unknown, _options: { maxAttempts: number; backoff: ConstantBackoff }) {
  return {
    onRetry(_listener: (data: unknown) => void) {},
    execute<T>(fn: () => Promise<T>): Promise<T> {
      return fn();
    }
  };
}

const retryPolicy = retry(
  handleWhen((err) => (err as any).type === 'ServiceNotAvailable'),
  {
    maxAttempts: 10,
    backoff: new ConstantBackoff(3000)
  }
);

retryPolicy.onRetry((data) => {
  console.log('Retrying...', data);
});

async function delay(ms: number, errorProbability: number = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      if (Math.random() < errorProbability) {
        reject({ type: 'ServiceNotAvailable' });
      } else {
        resolve();
      }
    }, ms);
  });
}

// https://github.com/serverlessworkflow/specification/blob/main/examples/README.md#purchase-order-deadline
export const workflow = createMachine(
  {
    id: 'order',
    types: {} as {
      events:
        | {
            type: 'OrderCreatedEvent';
          }
        | {
            type: 'OrderConfirmedEvent';
          }
        | {
            type: 'ShipmentSentEvent';
          }
        | {
            type: 'OrderFinishedEvent';
          };
    },
    initial: 'StartNewOrder',
    after: {
      PT30D: { target: '.CancelOrder' }
    },
    states: {
      StartNewOrder: {
        on: {
          OrderCreatedEvent: {
            actions: ['logNewOrderCreated'],
            target: 'WaitForOrderConfirmation'
          }
        }
      },
      WaitForOrderConfirmation: {
        on: {
          OrderConfirmedEvent: {
            actions: ['logOrderConfirmed'],
            target: 'WaitOrderShipped'
          }
        }
      },
      WaitOrderShipped: {
        on: {
          ShipmentSentEvent: {
            actions: ['logOrderShipped'],
            target: 'OrderFinished'
          }
        }
      },
      OrderFinished: {
        type: 'final',
        entry: ['logOrderFinished']
      },
      CancelOrder: {
        invoke: {
          src: 'CancelOrder',
          onDone: {
            target: 'OrderCancelled'
          }
        }
      },
      OrderCancelled: {
        type: 'final',
        entry: ['logOrderCancelled']
      }
    }
  },
  {
    delays: {
      // 15 seconds instead of 30 days
      PT30D: 15 * 1000
    },
    actions: {
      logNewOrderCreated: () => {
        console.log('logNewOrderCreated');
      },
      logOrderConfirmed: () => {
        console.log('logOrderConfirmed');
      },
      logOrderShipped: () => {
        console.log('logOrderShipped');
      },
      logOrderFinished: () => {
        console.log('logOrderFinished');
      },
      logOrderCancelled: () => {
        console.log('logOrderCancelled');
      }
    },
    actors: {
      CancelOrder: fromPromise(async () => {
        console.log('Starting CancelOrder');
        await delay(1000);
        console.log('Completed CancelOrder');
      })
    }
  }
);

// (upstream driver code removed: it created and started an actor and sent it three events,
// waiting 10 s between them with top-level await, when the module was imported)
