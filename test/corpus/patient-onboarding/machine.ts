/*
 * Source: https://github.com/statelyai/xstate — examples/workflow-new-patient-onboarding/main.ts
 * Commit: b1811bf77bc2d1a74367328cec7907aa185b70df
 * Licence: MIT (LICENSE: "The MIT License (MIT) Copyright (c) 2015 David Khourshid")
 *
 * This file is the upstream file as written, except for these edits:
 *   1. `createActor` dropped from the xstate import (only the removed driver code used it).
 *   2. import of 'cockatiel' (retry, handleWhen, ConstantBackoff) replaced by a local stand-in.
 *   3. the driver code at the end of the file (createActor, subscribe, start, send) removed, so that importing the module has no effects.
 */
import { assign, createMachine, fromPromise } from 'xstate';
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

async function delay(ms: number, errorProbability: number): Promise<void> {
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

// https://github.com/serverlessworkflow/specification/blob/main/examples/README.md#New-Patient-Onboarding
export const workflow = createMachine(
  {
    id: 'patientonboarding',
    types: {} as {
      events: { type: 'NewPatientEvent'; name: string; condition: string };
      context: {
        patient: {
          name: string;
          condition: string;
        } | null;
      };
    },
    initial: 'Idle',
    context: {
      patient: null
    },
    states: {
      Idle: {
        on: {
          NewPatientEvent: {
            target: 'Onboard',
            actions: assign({
              patient: ({ event }) => ({
                name: event.name,
                condition: event.condition
              })
            })
          }
        }
      },
      Onboard: {
        initial: 'StorePatient',
        states: {
          StorePatient: {
            invoke: {
              src: 'StoreNewPatientInfo',
              input: ({ context }) => context.patient,
              onDone: {
                target: 'AssignDoctor'
              },
              onError: {
                target: '#End'
              }
            }
          },
          AssignDoctor: {
            invoke: {
              src: 'AssignDoctor',
              onDone: {
                target: 'ScheduleAppt'
              },
              onError: {
                target: '#End'
              }
            }
          },
          ScheduleAppt: {
            invoke: {
              src: 'ScheduleAppt',
              onDone: {
                target: 'Done'
              },
              onError: {
                target: '#End'
              }
            }
          },
          Done: {
            type: 'final'
          }
        },
        onDone: {
          target: 'End',
          actions: assign({
            patient: null
          })
        }
      },
      End: {
        id: 'End',
        type: 'final'
      }
    }
  },
  {
    actors: {
      StoreNewPatientInfo: fromPromise(async ({ input }) => {
        console.log('Starting StoreNewPatientInfo', input);
        await retryPolicy.execute(() => delay(1000, 0.5));
        console.log('Completed StoreNewPatientInfo');
      }),
      AssignDoctor: fromPromise(async () => {
        console.log('Starting AssignDoctor');
        await retryPolicy.execute(() => delay(1000, 0.5));
        console.log('Completed AssignDoctor');
      }),
      ScheduleAppt: fromPromise(async () => {
        console.log('Starting ScheduleAppt');
        await retryPolicy.execute(() => delay(1000, 0.5));
        console.log('Completed ScheduleAppt');
      })
    }
  }
);

// (upstream driver code removed: it created and started an actor and sent it an event when the
// module was imported)
