/*
 * Source: https://github.com/statelyai/xstate — packages/core/test/examples/6.16.test.ts
 * Commit: b1811bf77bc2d1a74367328cec7907aa185b70df
 * Licence: MIT (LICENSE: "The MIT License (MIT) Copyright (c) 2015 David Khourshid")
 * (Example 6.16 of I. Horrocks, "Constructing the User Interface with Statecharts", as encoded in
 * xstate's own test suite)
 *
 * This file is the upstream file as written, except for these edits:
 *   1. only the machine of the test is kept (the `const machine = createMachine({...})` inside `describe('Example 6.16')`), dedented by two spaces and exported; the test's expectations are dropped.
 *   2. `import { stateIn } from '../../src/guards'` and `import { createMachine } from '../../src/index'` become one import from 'xstate'.
 */
import { createMachine, stateIn } from 'xstate';

export const machine = createMachine({
  type: 'parallel',
  states: {
    A: {
      initial: 'D',
      states: {
        C: {
          on: {
            2: {
              target: 'D',
              guard: stateIn('#E')
            }
          }
        },
        D: { on: { 1: 'C' } }
      }
    },
    B: {
      initial: 'F',
      states: {
        E: { id: 'E', on: { 5: 'G' } },
        F: { on: { 1: 'E' } },
        G: { on: { 3: 'F' } }
      }
    }
  }
});
