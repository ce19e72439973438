// One todo item of the xstate TodoMVC example (the machine of Todo.tsx): read, edit (entry:
// remember the title, focus the input), change the title, commit on blur (the `onCommit` action,
// which the app supplies with `.provide()` to tell the list), or cancel back to the remembered
// title. Exercises named actions declared in setup() and implemented with `.provide()`, entry
// actions, and a context built from input.
//
// The model does what the React component does: `todoMachine.provide({ actions: { onCommit,
// focusInput } })` (here with no effects), and gives the input the app gives (`{ todo }`).
import { defineModel } from 'lucheck';
import { todoMachine } from './machine.ts';

const TITLES = ['Learn state machines', 'Learn xstate', ''];
const todo = { id: '1', title: TITLES[0]!, completed: false };

export default defineModel({
  name: 'todo-item',
  description: 'xstate examples/todomvc-react: one todo item, edited and committed or cancelled',
  machine: () => todoMachine.provide({ actions: { onCommit: () => {}, focusInput: () => {} } }),
  input: () => ({ todo }),
  events: () => [{ type: 'edit' }, { type: 'blur' }, { type: 'cancel' }, ...TITLES.map((value) => ({ type: 'change', value }))],
  invariants: [
    {
      // both fields only ever receive the input's title or a value typed by the user; an assign
      // writing the wrong field (say the event type) would break it.
      id: 'TITLES_FROM_USER',
      title: 'the titles are ones the user gave',
      description: 'title and initialTitle are among the initial and the typed titles',
      check: (s) => (TITLES.includes(s.context.title) && TITLES.includes(s.context.initialTitle)) || `title ${JSON.stringify(s.context.title)}`,
    },
  ],
});
