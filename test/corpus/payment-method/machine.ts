/*
 * Source: https://github.com/statelyai/xstate — README.md (section "History States")
 * Commit: b1811bf77bc2d1a74367328cec7907aa185b70df
 * Licence: MIT (LICENSE: "The MIT License (MIT) Copyright (c) 2015 David Khourshid")
 *
 * This file is the upstream file as written, except for these edits:
 *   1. the machine is the JavaScript code block of README.md under "## History States"; the file is that block.
 *   2. the driver lines after the machine (createActor, subscribe, start, send, logged values as comments) removed.
 *   3. `createActor` dropped from the import (only the removed driver lines used it).
 *   4. `paymentMachine` exported.
 */
import { createMachine } from 'xstate';

export const paymentMachine = createMachine({
  id: 'payment',
  initial: 'method',
  states: {
    method: {
      initial: 'cash',
      states: {
        cash: {
          on: {
            SWITCH_CHECK: 'check'
          }
        },
        check: {
          on: {
            SWITCH_CASH: 'cash'
          }
        },
        hist: { type: 'history' }
      },
      on: { NEXT: 'review' }
    },
    review: {
      on: { PREVIOUS: 'method.hist' }
    }
  }
});

// (the README block goes on with driver lines: createActor, subscribe, start, send, with the
// logged values as comments; removed)
