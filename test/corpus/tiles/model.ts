// The sliding-tiles puzzle of the xstate examples: select a tile, hover a neighbour, move to swap
// them; the game is over when the 16 tiles are in order. Exercises enqueueActions with check(),
// an `always` on a compound state, `#id` targets and a `.playing` target on the root.
//
// NOTE: the machine mutates context in place. `swapTiles` returns `swap(tiles, ...)`, and `swap`
// exchanges two entries of the very array held in context and returns it, so a step changes the
// snapshot it started from. lucheck requires that no guard or action mutates context in place.
//
// Two model choices keep the state space finite and small:
// - `shuffleTiles` picks a random permutation upstream; the model replaces it with `.provide()` by
//   a deterministic one (swap the first two tiles, a copy), so the start position is one move
//   away from solved.
// - the tile payloads of tile.select / tile.hover range over the 2x2 block of positions
//   0, 1, 4, 5 only: at most 4! arrangements of those tiles, the other twelve never move.
import { assign } from 'xstate';
import { defineModel } from 'lucheck';
import { tilesMachine, type Tile } from './machine.ts';

const BLOCK = [0, 1, 4, 5];
const tile = (index: number): Tile => ({ index, x: index % 4, y: Math.floor(index / 4) });
const EVENTS = [
  { type: 'shuffle' },
  ...BLOCK.map((i) => ({ type: 'tile.select', tile: tile(i) })),
  ...BLOCK.map((i) => ({ type: 'tile.hover', tile: tile(i) })),
  { type: 'tile.move' },
  { type: 'move.canceled' },
];
const inOrder = (tiles: number[]) => tiles.every((t, i) => t === i);

export default defineModel({
  name: 'tiles',
  description: 'xstate examples/tiles: 4x4 sliding tiles, moves restricted to the top-left 2x2 block',
  machine: () =>
    tilesMachine.provide({
      actions: {
        // deterministic stand-in for the random shuffle: the solved board with tiles 0 and 1 swapped
        shuffleTiles: assign({
          tiles: ({ context }) => {
            const next = [...context.tiles].sort((a, b) => a - b);
            [next[0], next[1]] = [next[1]!, next[0]!];
            return next;
          },
        }),
      },
    }),
  events: () => EVENTS,
  invariants: [
    {
      // swapping two entries keeps a permutation; a swap with an undefined index (no hovered tile)
      // or an assign that dropped entries would break it.
      id: 'PERMUTATION',
      title: 'the board is a permutation of 0..15',
      description: 'context.tiles holds each of 0..15 exactly once',
      check: (s) => {
        const t: number[] = s.context.tiles;
        return (t.length === 16 && [...t].sort((a, b) => a - b).every((v, i) => v === i)) || `tiles ${JSON.stringify(t)}`;
      },
    },
    {
      // the `always` of playing goes to #gameOver as soon as the tiles are in order.
      id: 'PLAYING_IS_UNSOLVED',
      title: 'no solved board while playing',
      description: 'in playing, the tiles are not all in order',
      check: (s) => !s.matches('playing') || !inOrder(s.context.tiles) || 'playing a solved board',
    },
    {
      // gameOver is entered only by that `always`, and left only by shuffle.
      id: 'GAME_OVER_IS_SOLVED',
      title: 'game over only on a solved board',
      description: 'in gameOver, the tiles are in order',
      check: (s) => !s.matches('gameOver') || inOrder(s.context.tiles) || 'game over on an unsolved board',
    },
    {
      // tile.select sets `selected` on the way into selected; nothing clears it there.
      id: 'SELECTED_HAS_TILE',
      title: 'a tile is selected in the selected state',
      description: 'in playing.selected, context.selected is set',
      check: (s) => !s.matches({ playing: 'selected' }) || s.context.selected !== undefined || 'selected state without a selected tile',
    },
  ],
});
