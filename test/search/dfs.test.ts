import { expect } from 'chai';
import { resolveParams, resolveSearchConfig, searchProblem, type Model } from '../../src/index.ts';
import { createSystem } from '../../src/compiled/createSystem.ts';
import { dfs } from '../../src/search/dfs.ts';
import type { StateCodec, TransitionSystem } from '../../src/search/TransitionSystem.ts';
import type { SearchOutcome } from '../../src/search/SearchOutcome.ts';
import counter from '../../examples/counter.ts';
import philosophers from '../../examples/philosophers.ts';
import filter from '../../examples/filter.ts';
import fifo from '../../examples/fifo.ts';
import liveUpdate from '../../machines/liveUpdate.ts';
import brokenMutex from '../fixtures/brokenMutex.ts';
import lockOrder from '../fixtures/lockOrder.ts';

/**
 * A depth-first search of `model` on the compiled engine, with its codec or without (then the
 * stack holds live objects): the outcome, the successors' keys in the order generated, and how
 * many states the codec wrote and read.
 */
function run(model: Model, given: Record<string, unknown>, withCodec: boolean): { outcome: SearchOutcome; seen: string[]; written: number; read: number } {
  const params = resolveParams(model.name, model.params, given);
  const choice = createSystem(model, params, 'compiled');
  expect(choice.engine, `${model.name} runs on the compiled engine`).to.equal('compiled');
  const compiled = choice.system as TransitionSystem<unknown, unknown>;
  const codec = compiled.codec!;
  let written = 0;
  let read = 0;
  const counted: StateCodec<unknown> = {
    write: (s, q) => (written++, codec.write(s, q)),
    read: (q) => (read++, codec.read(q)),
  };
  const system = { ...compiled, codec: withCodec ? counted : undefined };
  const seen: string[] = [];
  const outcome = dfs(system, searchProblem(model, params) as never, resolveSearchConfig({}), { onSuccessor: (_from, _event, to) => seen.push(system.key(to)) });
  return { outcome, seen, written, read };
}

describe('depth-first search', () => {
  const cases: [string, Model, Record<string, unknown>, SearchOutcome['kind']][] = [
    ['counter 3x6', counter as Model, { regions: 3, size: 6 }, 'pass'],
    ['philosophers, 5', philosophers as Model, { n: 5 }, 'pass'],
    ['filter lock, 3', filter as Model, { n: 3 }, 'pass'],
    ['bounded FIFO', fifo as Model, {}, 'pass'],
    ['live-update, mainline, fork-exec, mdev', liveUpdate as unknown as Model, { handover: 'fork-exec', mdev: true }, 'pass'],
    ['broken mutex', brokenMutex as Model, {}, 'violation'],
    ['lock order', lockOrder as Model, {}, 'deadlock'],
  ];
  for (const [name, model, params, kind] of cases) {
    it(`${name}: the states waiting on the stack, written with the codec, are read back as they were: the same states in the same order, the same ${kind} as with live objects`, () => {
      const encoded = run(model, params, true);
      const live = run(model, params, false);
      expect(encoded.outcome.kind).to.equal(kind);
      expect(encoded.outcome.kind).to.equal(live.outcome.kind);
      expect(encoded.outcome.stats.distinct).to.equal(live.outcome.stats.distinct);
      expect(encoded.outcome.stats.generated).to.equal(live.outcome.stats.generated);
      expect(encoded.outcome.stats.maxDepth).to.equal(live.outcome.stats.maxDepth);
      expect(encoded.seen.length).to.equal(live.seen.length);
      const first = encoded.seen.findIndex((k, i) => k !== live.seen[i]);
      expect(first, first >= 0 ? `successor ${first}: ${encoded.seen[first]} with the codec, ${live.seen[first]} without` : '').to.equal(-1);
      if ('stateId' in encoded.outcome && 'stateId' in live.outcome) expect(encoded.outcome.stateId).to.equal(live.outcome.stateId);
      // every state that waited was written with the codec (the initial one and each new successor not found bad), and read back once if the search went on to it
      expect(encoded.written).to.be.above(0);
      if (kind === 'pass') expect([encoded.written, encoded.read]).to.deep.equal([encoded.outcome.stats.distinct, encoded.outcome.stats.distinct]);
      expect(live.written).to.equal(0);
    });
  }
});
