// The Rick-and-Morty trivia game of the xstate examples: load characters (promise actors), play
// questions; a correct answer adds 10 points, a wrong one costs a life; `always` chains end the
// game at 0 lives or 100 points. Exercises not(), entry actions (named and inline assign),
// `always` chains, `#id` targets and promise actors with onDone.
//
// The characters come from the onDone of the invoked actors (environment events of the engine):
// the model declares two possible characters for a question, so that both a right and a wrong
// answer (ids 1 and 2) are possible. None of the invokes has an onError: upstream a failed request
// stops the machine; the model declares the loads as never failing so that the game itself is
// explored (with failures explored, the first load's failure is reachable at once).
import { defineModel } from 'lucheck';
import triviaMachine from './machine.ts';

const character = (id: number) => ({ id, name: `character ${id}`, status: 'Alive', species: 'Human', gender: 'Male', image: '', episode: [] });
const EVENTS = [
  { type: 'user.play' },
  { type: 'user.close' },
  { type: 'user.reject' },
  { type: 'user.accept' },
  { type: 'user.selectAnswer', answer: 1 },
  { type: 'user.selectAnswer', answer: 2 },
  { type: 'user.nextQuestion' },
  { type: 'user.toggleClue' },
  { type: 'user.playAgain' },
];

export default defineModel({
  name: 'trivia',
  description: 'xstate examples/trivia-game-example: questions, lives and points',
  machine: () => triviaMachine,
  events: () => EVENTS,
  environment: {
    actors: {
      loadHomePageCharacters: { done: [[character(1), character(2)]], error: false },
      loadSingleCharacter: { done: [character(1), character(2)], error: false },
      loadRandomCharacters: { done: [[character(1), character(2), character(3)]], error: false },
    },
  },
  invariants: [
    {
      // resetTriviaData sets 3 lives; a wrong answer takes one, and hasLostGame ends the game at 0.
      id: 'LIVES_IN_RANGE',
      title: 'lives stay between 0 and 3',
      description: '0 <= lifes <= 3',
      check: (s) => (s.context.lifes >= 0 && s.context.lifes <= 3) || `lifes = ${s.context.lifes}`,
    },
    {
      // points grow by 10 per correct answer and hasWonGame ends the game at 100.
      id: 'POINTS_IN_RANGE',
      title: 'points are a multiple of 10 up to 100',
      description: '0 <= points <= 100, points % 10 === 0',
      check: (s) => (s.context.points >= 0 && s.context.points <= 100 && s.context.points % 10 === 0) || `points = ${s.context.points}`,
    },
    {
      // lostGame is entered only through the hasLostGame branch of the `always` chains.
      id: 'LOST_MEANS_NO_LIVES',
      title: 'the game is lost only without lives',
      description: 'in lostGame, lifes <= 0',
      check: (s) => !s.matches({ startTrivia: { questionReady: 'lostGame' } }) || s.context.lifes <= 0 || `lost with ${s.context.lifes} lives`,
    },
  ],
});
