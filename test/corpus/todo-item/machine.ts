/*
 * Source: https://github.com/statelyai/xstate — examples/todomvc-react/src/Todo.tsx
 * Commit: b1811bf77bc2d1a74367328cec7907aa185b70df
 * Licence: MIT (LICENSE: "The MIT License (MIT) Copyright (c) 2015 David Khourshid")
 *
 * This file is the upstream file as written, except for these edits:
 *   1. imports of 'react', '@xstate/react', 'classnames' and './App' removed (only the removed component used them); `TodoItem` from './todosMachine' declared locally.
 *   2. the React component `Todo` (the JSX part of the file, after the machine) removed; the file is kept as .ts. The component provides `onCommit` and `focusInput` with `todoMachine.provide(...)`; the model does the same.
 */
import { assign, setup } from 'xstate';
// Stand-in for `import { TodoItem } from './todosMachine'` (the same type).
interface TodoItem {
  id: string;
  title: string;
  completed: boolean;
}

export const todoMachine = setup({
  types: {
    context: {} as {
      initialTitle: string;
      title: string;
    },
    events: {} as
      | {
          type: 'edit';
        }
      | {
          type: 'blur';
        }
      | {
          type: 'cancel';
        }
      | {
          type: 'change';
          value: string;
        },
    input: {} as {
      todo: TodoItem;
    }
  },
  actions: {
    focusInput: () => {},
    onCommit: () => {}
  }
}).createMachine({
  id: 'todo',
  initial: 'reading',
  context: ({ input }) => ({
    initialTitle: input.todo.title,
    title: input.todo.title
  }),
  states: {
    reading: {
      on: {
        edit: 'editing'
      }
    },
    editing: {
      entry: [
        assign({
          initialTitle: ({ context }) => context.title
        }),
        { type: 'focusInput' }
      ],
      on: {
        blur: {
          target: 'reading',
          actions: 'onCommit'
        },
        cancel: {
          target: 'reading',
          actions: assign({
            title: ({ context }) => context.initialTitle
          })
        },
        change: {
          actions: assign({
            title: ({ event }) => event.value
          })
        }
      }
    }
  }
});

// (upstream, the React component `Todo` follows: it runs
// `todoMachine.provide({ actions: { onCommit, focusInput } })` with `useActorRef` and renders the
// item; it is removed here because it is JSX. The model does the same `.provide` call.)
