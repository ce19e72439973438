import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { bfs, resolveParams, resolveSearchConfig, searchProblem, type Model } from 'lucheck';
import { createSystem } from '../../src/compiled/createSystem.ts';
import { ValueDictionary } from '../../src/store/ValueDictionary.ts';
import { ValueQueue } from '../../src/store/ValueQueue.ts';
import { fingerprintOf } from '../../src/search/successor.ts';
import { STATE_FORMAT } from '../../src/store/stateFormat.ts';
import counter from '../../examples/counter.ts';
import filter from '../../examples/filter.ts';
import philosophers from '../../examples/philosophers.ts';
import fifo from '../../examples/fifo.ts';
import liveUpdate from '../../machines/liveUpdate.ts';

// What a checkpoint and a distributed run keep of a state, for models of every kind (parallel
// regions, arrays and records in context, the live-update model's nested objects): each state's
// 64-bit fingerprint, as the search makes it, and its record in the wire codec (strings and
// shapes included), in breadth-first order, on both engines. The digests are this version's; a
// change to how states are fingerprinted or encoded changes them, and then STATE_FORMAT must be
// bumped so that checkpoints and distributed runs of the old version are refused, not misread.
const DIGESTS: Record<number, string> = {
  2: '3cd1fdffb330a56d8ca48714d629743988d26281b70d2580dff191ea13007905',
};

const CASES: [string, Model, Record<string, unknown>][] = [
  ['counter', counter as Model, { regions: 2, size: 3 }],
  ['filter', filter as Model, { n: 3 }],
  ['philosophers', philosophers as Model, { n: 4 }],
  ['fifo', fifo as Model, { producers: 2, capacity: 2 }],
  ['live-update', liveUpdate as Model, {}],
];

function digestOf(name: string, model: Model, given: Record<string, unknown>, engine: 'compiled' | 'reference'): string {
  const params = resolveParams(name, model.params, given);
  const { system } = createSystem(model, params, engine);
  const wire = system.wireCodec;
  const records = new ValueQueue(new ValueDictionary());
  const fingerprints: number[] = [];
  const fp = { hi: 0, lo: 0 };
  const keep = (s: unknown) => {
    fingerprintOf(system, s as never, fp);
    fingerprints.push(fp.hi >>> 0, fp.lo >>> 0);
    if (wire) wire.write(s as never, records);
  };
  keep(system.initialState());
  const out = bfs(system, searchProblem(model, params), resolveSearchConfig({}), {
    onSuccessor: (_from, _event, to, isNew) => {
      if (isNew) keep(to);
    },
  });
  expect(out.kind, `${name} on the ${engine} engine`).to.equal('pass');
  expect(fingerprints.length / 2, 'a fingerprint a state').to.equal(out.stats.distinct);
  const hash = createHash('sha256');
  hash.update(new Uint32Array(fingerprints));
  const data = records.toData();
  for (const c of [...data.tags, ...data.nums]) hash.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  hash.update(JSON.stringify([data.strings, data.shapes, data.records, wire ? 'wire' : 'no wire codec']));
  return hash.digest('hex');
}

describe('STATE_FORMAT', () => {
  it('names how states are fingerprinted and encoded: the digest of several models on both engines is the one recorded for this version', function () {
    this.timeout(120_000);
    const digest = createHash('sha256');
    for (const [name, model, params] of CASES) for (const engine of ['compiled', 'reference'] as const) digest.update(`${name} ${engine} ${digestOf(name, model, params, engine)}\n`);
    const now = digest.digest('hex');
    expect(now, `the fingerprints or the wire records changed: bump STATE_FORMAT (src/store/stateFormat.ts, now ${STATE_FORMAT}) and record ${now} for the new version`).to.equal(DIGESTS[STATE_FORMAT]);
  });
});
