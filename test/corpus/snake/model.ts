// The snake game of the xstate examples on its 25x15 grid: arrow keys turn, the invoked `ticks`
// callback actor sends TICK every 80 ms, eating the apple grows the snake, hitting a wall or the
// tail ends the game. Exercises or([...]) of named guards, an `always` with actions and no target,
// an entry action and a callback actor.
//
// Model choices:
// - TICK is sent by the invoked `ticks` actor; lucheck does not run invoked actors, so the model
//   offers TICK itself.
// - 'show new apple' picks a random free cell upstream; the model replaces it with `.provide()` by
//   a deterministic choice (the first free cell in row order).
// - the search stops at the first apple: ARROW_KEY and TICK are offered only while score < 1
//   (states with score >= 1 are final for the model); NEW_GAME is always offered.
import { assign } from 'xstate';
import { defineModel } from 'lucheck';
import { snakeMachine, type Point, type SnakeMachineContext } from './machine.ts';

const SCORE_LIMIT = 1;
const DIRS = ['Up', 'Left', 'Down', 'Right'] as const;

function firstFreeCell(context: SnakeMachineContext): Point {
  for (let y = 0; y < context.gridSize.y; y++) {
    for (let x = 0; x < context.gridSize.x; x++) {
      if (!context.snake.some((p) => p.x === x && p.y === y)) return { x, y };
    }
  }
  return { x: 0, y: 0 };
}

const head = (c: SnakeMachineContext) => c.snake[0]!;

export default defineModel({
  name: 'snake',
  description: 'xstate examples/snake-react: 25x15 grid, explored up to the first apple',
  machine: () =>
    snakeMachine.provide({
      actions: { 'show new apple': assign({ apple: ({ context }) => firstFreeCell(context) }) },
    }),
  events: (s) => [
    ...(s.context.score < SCORE_LIMIT ? [...DIRS.map((dir) => ({ type: 'ARROW_KEY', dir })), { type: 'TICK' }] : []),
    { type: 'NEW_GAME' },
  ],
  // `ticks` is an interval: it neither completes nor fails (its TICKs are offered above).
  environment: { actors: { ticks: false } },
  invariants: [
    {
      // the `always` of Moving goes to Game Over when the head leaves the grid ('hit wall').
      id: 'HEAD_ON_GRID',
      title: 'a moving snake is on the grid',
      description: 'in Moving, the head is inside the grid',
      check: (s) => {
        if (!s.matches('Moving')) return true;
        const h = head(s.context);
        return (h.x >= 0 && h.x < s.context.gridSize.x && h.y >= 0 && h.y < s.context.gridSize.y) || `head at ${h.x},${h.y}`;
      },
    },
    {
      // ...and when the head runs into the body ('hit tail').
      id: 'HEAD_OFF_BODY',
      title: 'a moving snake does not overlap its head',
      description: 'in Moving, no body part is on the head',
      check: (s) => {
        if (!s.matches('Moving')) return true;
        const h = head(s.context);
        return !s.context.snake.slice(1).some((p: Point) => p.x === h.x && p.y === h.y) || 'head on the body';
      },
    },
    {
      // the snake starts with 3 parts and 'grow snake' runs together with 'increase score'.
      id: 'LENGTH_IS_SCORE',
      title: 'the snake grows by one per apple',
      description: 'snake length === 3 + score',
      check: (s) => s.context.snake.length === 3 + s.context.score || `length ${s.context.snake.length}, score ${s.context.score}`,
    },
    {
      // 'increase score' keeps the maximum, and reset keeps highScore.
      id: 'HIGH_SCORE',
      title: 'the high score is at least the score',
      description: 'highScore >= score',
      check: (s) => s.context.highScore >= s.context.score || `highScore ${s.context.highScore} < score ${s.context.score}`,
    },
  ],
  isFinal: (s) => s.context.score >= SCORE_LIMIT,
});
