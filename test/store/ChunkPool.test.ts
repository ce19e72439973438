import { expect } from 'chai';
import fc from 'fast-check';
import { ChunkPool } from '../../src/store/ChunkPool.ts';
import { ValueQueue } from '../../src/store/ValueQueue.ts';
import { ValueDictionary } from '../../src/store/ValueDictionary.ts';

describe('ChunkPool', () => {
  it('gives back a released chunk of the length asked for, in its lane, and a new one otherwise', () => {
    const pool = new ChunkPool();
    const bytes = new Uint8Array(256);
    const numbers = new Float64Array(256);
    pool.release(bytes);
    pool.release(numbers);
    expect(pool.keptBytes).to.equal(256 + 256 * 8);
    expect(pool.byteChunk(512)).to.not.equal(bytes); // another length: a new chunk
    expect(pool.numberChunk(256)).to.equal(numbers);
    expect(pool.byteChunk(256)).to.equal(bytes);
    expect(pool.keptBytes).to.equal(0);
    const fresh = pool.byteChunk(256);
    expect(fresh).to.not.equal(bytes);
    expect(fresh.length).to.equal(256);
  });

  it('keeps no more than its budget, and no chunk whose length is not a power of two', () => {
    const pool = new ChunkPool(3 * 1024);
    for (let i = 0; i < 5; i++) pool.release(new Uint8Array(1024));
    expect(pool.keptBytes).to.equal(3 * 1024);
    pool.release(new Float64Array(96));
    expect(pool.keptBytes).to.equal(3 * 1024);
    const odd = new Uint8Array(300);
    const roomy = new ChunkPool();
    roomy.release(odd);
    expect(roomy.keptBytes).to.equal(0);
    expect(roomy.byteChunk(300)).to.not.equal(odd);
  });

  it('lets queues written one after another, each read while the next is written (levels of a search), reuse chunks and read back every record', () => {
    const record = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 4 }), fc.array(fc.integer({ min: -3, max: 300 }), { maxLength: 5 }), fc.record({ a: fc.integer(), b: fc.boolean() }));
    fc.assert(
      fc.property(fc.array(fc.array(record, { maxLength: 3000 }), { minLength: 1, maxLength: 5 }), (levels) => {
        const pool = new ChunkPool();
        const dict = new ValueDictionary();
        const fill = (records: unknown[]): ValueQueue => {
          const q = new ValueQueue(dict, undefined, Infinity, pool);
          for (const r of records) {
            q.writeValue(r);
            q.endRecord();
          }
          return q;
        };
        let cur = fill(levels[0]!);
        for (let k = 0; k < levels.length; k++) {
          // read level k while level k+1 is written, a record each
          const next = new ValueQueue(dict, undefined, Infinity, pool);
          const following = levels[k + 1] ?? [];
          for (let i = 0; i < Math.max(levels[k]!.length, following.length); i++) {
            if (i < levels[k]!.length) {
              cur.startRead();
              expect(cur.readValue()).to.deep.equal(levels[k]![i]);
            }
            if (i < following.length) {
              next.writeValue(following[i]);
              next.endRecord();
            }
          }
          expect(cur.length).to.equal(0);
          cur = next;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is what a later queue writes into: the chunks a read queue let go are taken, not new ones', () => {
    const pool = new ChunkPool();
    const dict = new ValueDictionary();
    const first = new ValueQueue(dict, undefined, Infinity, pool);
    const n = 100_000; // past the first chunks of each lane
    for (let i = 0; i < n; i++) {
      first.writeNumber(i);
      first.endRecord();
    }
    for (let i = 0; i < n; i++) {
      first.startRead();
      first.readNumber();
    }
    expect(pool.keptBytes).to.be.above(0);
    const kept = pool.keptBytes;
    const second = new ValueQueue(dict, undefined, Infinity, pool);
    for (let i = 0; i < 256; i++) second.writeNumber(-i); // its first chunk: 256 float64s
    expect(pool.keptBytes).to.equal(kept - 256 * 8);
    // every chunk it takes is its own: the first queue's chunks of 32,768 come back once each
    for (let i = 256; i < n; i++) second.writeNumber(-i);
    expect(pool.keptBytes).to.equal(0);
    for (let i = 0; i < n; i++) if (second.readNumber() !== -i) expect.fail(`number ${i} read back as ${second.readNumber()}`);
  });
});
