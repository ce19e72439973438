/*
 * Source: https://github.com/statelyai/xstate — examples/fetch/src/fetchMachine.ts
 * Commit: b1811bf77bc2d1a74367328cec7907aa185b70df
 * Licence: MIT (LICENSE: "The MIT License (MIT) Copyright (c) 2015 David Khourshid")
 *
 * This file is the upstream file as written, except for these edits:
 *   1. `import { getGreeting } from '.'` replaced by a local stand-in with the same signature (the upstream module starts an actor when imported).
 */
import { assign, fromPromise, setup } from 'xstate';
// Stand-in for `import { getGreeting } from '.'` (examples/fetch/src/index.ts, whose module body
// also starts an actor): same signature; upstream it resolves or rejects at random after 1 s.
async function getGreeting(name: string): Promise<{ greeting: string }> {
  return { greeting: `Hello, ${name}!` };
}

export const fetchMachine = setup({
  types: {
    context: {} as {
      name: string;
      data: {
        greeting: string;
      } | null;
    }
  },
  actors: {
    fetchUser: fromPromise(({ input }: { input: { name: string } }) =>
      getGreeting(input.name)
    )
  }
}).createMachine({
  initial: 'idle',
  context: {
    name: 'World',
    data: null
  },
  states: {
    idle: {
      on: {
        FETCH: 'loading'
      }
    },
    loading: {
      invoke: {
        src: 'fetchUser',
        input: ({ context }) => ({ name: context.name }),
        onDone: {
          target: 'success',
          actions: assign({
            data: ({ event }) => event.output
          })
        },
        onError: 'failure'
      }
    },
    success: {},
    failure: {
      after: {
        1000: 'loading'
      },
      on: {
        RETRY: 'loading'
      }
    }
  }
});
