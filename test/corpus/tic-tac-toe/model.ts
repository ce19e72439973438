// Tic-tac-toe from the xstate examples: two players alternate PLAY(0..8) until a line or a full
// board; RESET starts over. Exercises named guards/actions given in createMachine's second
// argument, an `always` chain (win before draw) and an entry action.
import { defineModel } from 'lucheck';
import { ticTacToeMachine } from './machine.ts';

type Cell = 'x' | 'o' | null;
const LINES = [
  [0, 1, 2], [3, 4, 5], [6, 7, 8],
  [0, 3, 6], [1, 4, 7], [2, 5, 8],
  [0, 4, 8], [2, 4, 6],
];
const lineOf = (board: Cell[], p: 'x' | 'o') => LINES.some((l) => l.every((i) => board[i] === p));
const count = (board: Cell[], p: 'x' | 'o') => board.filter((c) => c === p).length;

const EVENTS = [...Array.from({ length: 9 }, (_, value) => ({ type: 'PLAY', value })), { type: 'RESET' }];

export default defineModel({
  name: 'tic-tac-toe',
  description: 'xstate examples/tic-tac-toe-react: PLAY 0..8 and RESET',
  machine: () => ticTacToeMachine,
  events: () => EVENTS,
  invariants: [
    {
      // x moves first and updateBoard flips the player on every move, so x is never behind o and
      // never more than one ahead. A move accepted on an occupied cell would break it.
      id: 'TURNS_ALTERNATE',
      title: 'x has as many marks as o, or one more',
      description: 'count(x) - count(o) is 0 or 1',
      check: (s) => {
        const d = count(s.context.board, 'x') - count(s.context.board, 'o');
        return d === 0 || d === 1 || `x - o = ${d}`;
      },
    },
    {
      // every accepted PLAY fills one empty cell and increments moves (isValidMove).
      id: 'MOVES_COUNT_MARKS',
      title: 'moves equals the number of marks on the board',
      description: 'context.moves === number of non-null cells',
      check: (s) => {
        const marks = s.context.board.filter((c: Cell) => c !== null).length;
        return s.context.moves === marks || `moves ${s.context.moves} but ${marks} marks`;
      },
    },
    {
      // the `always` of playing leaves for gameOver as soon as a line is complete, so no state at
      // rest is still playing with a line on the board.
      id: 'NO_PLAY_AFTER_LINE',
      title: 'the game is over once a line is complete',
      description: 'in playing, neither player has a complete line',
      check: (s) => !s.matches('playing') || (!lineOf(s.context.board, 'x') && !lineOf(s.context.board, 'o')) || 'playing with a complete line',
    },
    {
      // setWinner names the player who moved last; checkWin fired, so that player has a line.
      id: 'WINNER_HAS_LINE',
      title: 'a declared winner has a complete line',
      description: 'in gameOver.winner, context.winner is set and owns a complete line',
      check: (s) =>
        !s.matches({ gameOver: 'winner' }) ||
        (s.context.winner !== undefined && lineOf(s.context.board, s.context.winner)) ||
        `winner ${s.context.winner} has no line`,
    },
    {
      // checkDraw is tried only after checkWin failed, and only on a full board.
      id: 'DRAW_IS_FULL_AND_LINELESS',
      title: 'a draw is a full board without a line',
      description: 'in gameOver.draw, 9 moves and no complete line',
      check: (s) =>
        !s.matches({ gameOver: 'draw' }) ||
        (s.context.moves === 9 && !lineOf(s.context.board, 'x') && !lineOf(s.context.board, 'o')) ||
        'draw without a full line-free board',
    },
  ],
});
