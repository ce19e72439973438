// The fetch example of xstate: FETCH invokes a promise actor; onDone stores the greeting and goes
// to success, onError goes to failure, which retries after 1 s or on RETRY. Exercises a promise
// actor with onDone/onError and a delayed transition. The done/error events of the invoked actor
// and the delayed event are the engine's environment events, not in the alphabet.
import { defineModel } from 'lucheck';
import { fetchMachine } from './machine.ts';

export default defineModel({
  name: 'fetch',
  description: 'xstate examples/fetch: FETCH, promise actor, retry after 1 s',
  machine: () => fetchMachine,
  events: () => [{ type: 'FETCH' }, { type: 'RETRY' }],
  // fetchUser resolves with a greeting or fails (getGreeting rejects at random upstream).
  environment: { actors: { fetchUser: { done: [{ greeting: 'Hello, World!' }] } } },
  invariants: [
    {
      // data is assigned only by the onDone of fetchUser, which goes to success; success has no
      // way out.
      id: 'DATA_ONLY_ON_SUCCESS',
      title: 'data is set only on success',
      description: 'context.data is null unless the state is success',
      check: (s) => s.context.data === null || s.matches('success') || 'data set outside success',
    },
  ],
  // success has no outgoing transition: the fetch is over.
  isFinal: (s) => s.matches('success'),
});
