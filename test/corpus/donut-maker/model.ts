// The donut recipe of the xstate examples (persisted-donut-maker): NEXT through the steps; the
// `mix` step is a parallel state whose two regions end in final states, so `mix` is done, its
// onDone goes to the final `allMixed`, and the compound `directions` is done in turn, whose
// onDone goes to `fry`. Exercises final states with onDone of a parallel and of a compound state.
import { defineModel } from 'lucheck';
import { donutMachine } from './machine.ts';

const EVENTS = [{ type: 'NEXT' }, { type: 'MIXED_DRY' }, { type: 'MIXED_WET' }, { type: 'ANOTHER_DONUT' }];

export default defineModel({
  name: 'donut-maker',
  description: 'xstate examples/persisted-donut-maker: a recipe with a parallel mixing step',
  machine: () => donutMachine,
  events: () => EVENTS,
  invariants: [
    {
      // when both regions of `mix` are final, `mix` is done and its onDone leaves it at once.
      id: 'PARALLEL_DONE_LEAVES',
      title: 'mixing ends when both ingredients are mixed',
      description: 'never at rest with both mixDry and mixWet in their final `mixed` state',
      check: (s) =>
        !(s.matches({ directions: { mix: { mixDry: 'mixed', mixWet: 'mixed' } } })) || 'mix is done but still active',
    },
    {
      // allMixed is a final child of directions: directions is done and its onDone goes to fry.
      id: 'COMPOUND_DONE_LEAVES',
      title: 'the directions end once everything is mixed',
      description: 'never at rest in directions.allMixed',
      check: (s) => !s.matches({ directions: 'allMixed' }) || 'directions is done but still active',
    },
  ],
});
