/*
 * Source: https://github.com/statelyai/xstate — packages/core/test/examples/6.9.test.ts
 * Commit: b1811bf77bc2d1a74367328cec7907aa185b70df
 * Licence: MIT (LICENSE: "The MIT License (MIT) Copyright (c) 2015 David Khourshid")
 * (Example 6.9/6.10 of I. Horrocks, "Constructing the User Interface with Statecharts", as encoded in
 * xstate's own test suite)
 *
 * This file is the upstream file as written, except for these edits:
 *   1. only the machine of the test is kept (the `const machine = createMachine({...})` inside `describe('Example 6.9')`), dedented by two spaces and exported; the test's expectations are dropped.
 *   2. `import { createMachine } from '../../src/index'` becomes `import { createMachine } from 'xstate'`.
 */
import { createMachine } from 'xstate';

export const machine = createMachine({
  initial: 'A',
  states: {
    A: {
      on: {
        6: 'H'
      },
      initial: 'B',
      states: {
        B: {
          initial: 'E',
          on: {
            5: 'C'
          },
          states: {
            D: {},
            E: {
              on: { 3: 'D' }
            }
          }
        },
        C: {
          initial: 'G',
          on: {
            4: 'B.E'
          },
          states: {
            F: {},
            G: {
              on: {
                2: 'F'
              }
            }
          }
        },
        hist: { history: true },
        deepHist: { history: 'deep' }
      }
    },
    H: {
      on: {
        1: 'A.hist',
        7: 'A.deepHist' // 6.10
      }
    }
  }
});
