import { expect } from 'chai';
import fc from 'fast-check';
import { ValueQueue } from '../../src/store/ValueQueue.ts';
import { ValueDictionary } from '../../src/store/ValueDictionary.ts';
import { mapSpill } from '../support/mapSpill.ts';
import { same, value } from '../support/values.ts';

describe('ValueQueue', () => {
  it('reads back, first in first out, every JSON-like value as an equal copy (-0, NaN, undefined properties and key order kept)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 30 }), (values) => {
        const q = new ValueQueue(new ValueDictionary());
        for (const v of values) {
          q.writeValue(v);
          q.endRecord();
        }
        expect(q.length).to.equal(values.length);
        for (const v of values) {
          q.startRead();
          same(v, q.readValue());
        }
        expect(q.length).to.equal(0);
      }),
      { numRuns: 500 },
    );
  });

  it('reads each number back exactly: -0 as -0, the 32-bit bounds and the numbers past them, fractions, NaN', () => {
    const numbers = [0, -0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, -(2 ** 53), 0.5, -0.5, 1e300, Number.MIN_VALUE, NaN, Infinity, -Infinity];
    const q = new ValueQueue(new ValueDictionary());
    for (const x of numbers) q.writeNumber(x);
    for (const x of numbers) expect(Object.is(q.readNumber(), x), `${Object.is(x, -0) ? '-0' : x} read back`).to.equal(true);
  });

  it('keeps what it cannot encode by reference: a Map, a class instance, a null-prototype object, a __proto__ key', () => {
    const q = new ValueQueue(new ValueDictionary());
    const map = new Map([[1, 'mm1']]);
    class Pin {}
    const pin = new Pin();
    const bare = Object.create(null) as object;
    const protoKey = JSON.parse('{"__proto__": 1}') as object;
    const given = { map, pin, bare, protoKey, n: 3 };
    q.writeValue(given);
    const back = q.readValue() as typeof given;
    expect(back).to.not.equal(given);
    expect(back.map).to.equal(map);
    expect(back.pin).to.equal(pin);
    expect(back.bare).to.equal(bare);
    expect(back.protoKey).to.equal(protoKey);
    expect(back.n).to.equal(3);
  });

  it('interleaves writes and reads across many chunks and releases chunks once read', () => {
    const q = new ValueQueue(new ValueDictionary());
    const N = 200_000; // several 32,768-entry chunks of tags and numbers
    let read = 0;
    for (let i = 0; i < N; i++) {
      q.writeValue({ i, s: `k${i % 7}`, ok: i % 2 === 0 });
      q.endRecord();
      if (i % 3 === 2) {
        q.startRead();
        const v = q.readValue() as { i: number; s: string; ok: boolean };
        if (v.i !== read || v.s !== `k${read % 7}` || v.ok !== (read % 2 === 0)) expect.fail(`record ${read} read back as ${JSON.stringify(v)}`);
        read++;
      }
    }
    const held = q.bytes;
    while (q.length > 0) {
      q.startRead();
      const v = q.readValue() as { i: number };
      if (v.i !== read) expect.fail(`record ${read} read back as ${v.i}`);
      read++;
    }
    expect(read).to.equal(N);
    // 4 tags and 4 numbers a record (object shape, i, s, ok): 200,000 * (4 + 32) bytes written;
    // what was read has been let go
    expect(held).to.be.below(N * 36);
    expect(q.bytes).to.be.at.most(2 * 32768 * 9);
  });

  it('stores each string and key list once in the shared dictionary', () => {
    const dict = new ValueDictionary();
    const a = new ValueQueue(dict);
    const b = new ValueQueue(dict);
    for (let i = 0; i < 1000; i++) (i % 2 ? a : b).writeValue({ owner: 'mm0', ret: 'IOMMU_IOAS_MAP = 0' });
    expect(dict.strings).to.deep.equal(['mm0', 'IOMMU_IOAS_MAP = 0']);
    expect(dict.shapes).to.deep.equal([['owner', 'ret']]);
  });

  it('sends chunks beyond its memory budget to the spill and reads each back once, in order', () => {
    const log = { written: 0, read: 0, open: 0, disposed: 0 };
    const q = new ValueQueue(new ValueDictionary(), mapSpill(log)(), 600_000);
    const N = 300_000; // 4 numbers a record: 1.2M numbers, 37 chunks of 256 KiB; 37 chunks of tags
    let read = 0;
    let most = 0;
    for (let i = 0; i < N; i++) {
      q.writeValue({ i, s: `k${i % 7}`, ok: i % 2 === 0 });
      q.endRecord();
      most = Math.max(most, q.bytes);
      if (i % 4 === 3) {
        q.startRead();
        const v = q.readValue() as { i: number };
        if (v.i !== read) expect.fail(`record ${read} read back as ${v.i}`);
        read++;
      }
    }
    while (q.length > 0) {
      q.startRead();
      const v = q.readValue() as { i: number; s: string; ok: boolean };
      if (v.i !== read || v.s !== `k${read % 7}` || v.ok !== (read % 2 === 0)) expect.fail(`record ${read} read back as ${JSON.stringify(v)}`);
      read++;
    }
    expect(read).to.equal(N);
    expect(log.written, 'bytes spilled').to.be.above(5_000_000);
    expect(log.read, 'every spilled byte read back once').to.equal(log.written);
    expect(q.spilled).to.equal(log.written);
    // the budget, plus the chunks being written and read in each lane
    expect(most).to.be.at.most(600_000 + 2 * 9 * 32768);
    q.dispose();
    expect(log.disposed).to.equal(1);
  });

  it('keeps each distinct object written at a slot once for the run: equal ones read back as the one object', () => {
    const dict = new ValueDictionary();
    const q = new ValueQueue(dict);
    const pages = { P0: { npinned: 1 } };
    const records = [[pages, 'a'], [pages, 'b'], [{ P0: { npinned: 0 } }, 'c'], [{ P0: { npinned: 1 } }, 'd'], [pages, 'e']] as const;
    for (const [p, ret] of records) {
      q.writeSlot(0, p);
      q.writeSlot(1, ret);
      q.endRecord();
    }
    expect(dict.shared).to.deep.equal([{ P0: { npinned: 1 } }, { P0: { npinned: 0 } }]);
    const back = records.map(() => {
      q.startRead();
      return [q.readSlot(0), q.readSlot(1)] as const;
    });
    expect(back).to.deep.equal(records);
    for (const i of [1, 3, 4]) expect(back[i]![0]).to.equal(back[0]![0]);
    expect(back[2]![0]).to.not.equal(back[0]![0]);
  });

  it('writes the same object again at a slot as one byte, and values it cannot keep in full', () => {
    const q = new ValueQueue(new ValueDictionary());
    const big = { list: Array.from({ length: 1000 }, (_, i) => i) };
    q.writeSlot(0, big);
    q.endRecord();
    for (let i = 0; i < 40_000; i++) {
      q.writeSlot(0, big);
      q.endRecord();
    }
    expect(q.bytes).to.be.at.most(2 * 32768 + 8 * 32768); // 40,001 tags and one number: one chunk of each lane
    const odd = { m: new Map([[1, 2]]) };
    q.writeSlot(1, odd);
    q.endRecord();
    for (let i = 0; i <= 40_000; i++) {
      q.startRead();
      expect(q.readSlot(0)).to.deep.equal(big);
    }
    q.startRead();
    expect(q.readSlot(1)).to.deep.equal(odd);
  });

  it('keeps slots right when writes and reads interleave and when records are handed over with toData', () => {
    const q = new ValueQueue(new ValueDictionary());
    const x = { v: [1, 2] };
    q.writeSlot(0, x);
    q.endRecord();
    q.startRead();
    const first = q.readSlot(0);
    q.writeSlot(0, x); // one byte: the same object as the last written
    q.endRecord();
    q.startRead();
    expect(q.readSlot(0)).to.equal(first);
    const h = new ValueQueue(new ValueDictionary());
    h.writeSlot(0, x);
    h.endRecord();
    const firstBatch = ValueQueue.fromData(h.toData());
    h.writeSlot(0, x); // after a hand-over the reader of the next batch has read nothing yet: in full
    h.endRecord();
    const secondBatch = ValueQueue.fromData(h.toData());
    for (const batch of [firstBatch, secondBatch]) {
      batch.startRead();
      expect(batch.readSlot(0)).to.deep.equal(x);
    }
  });

  it('allocates chunks doubling from a small first one, so a short queue (a narrow level) holds little, and reads across every chunk boundary', () => {
    const q = new ValueQueue(new ValueDictionary());
    q.writeValue(1.5);
    q.endRecord();
    // a tag chunk of 256 bytes and a number chunk of 256 float64s, not 32 KB + 256 KB
    expect(q.bytes).to.equal(256 + 256 * 8);
    const n = 200_000;
    for (let i = 1; i < n; i++) {
      q.writeValue(i + 0.5);
      q.endRecord();
    }
    for (let i = 0; i < n; i++) {
      q.startRead();
      expect(q.readValue()).to.equal(i === 0 ? 1.5 : i + 0.5);
    }
    expect(q.length).to.equal(0);
  });

  it('writes a short array of booleans and integers 0..253 as bytes, one an item, and reads it back equal, at a slot and nested', () => {
    const q = new ValueQueue(new ValueDictionary());
    const arrays: unknown[][] = [];
    for (let i = 0; i < 10_000; i++) arrays.push(Array.from({ length: 10 }, (_, k) => (k % 3 === 0 ? ((i >> k) & 1) === 1 : (i * 7 + k) % 254)));
    for (const a of arrays) {
      q.writeSlot(0, a);
      q.endRecord();
    }
    // 12 bytes a record in the tag lane, and not one float64: no chunk of the number lane. The
    // tag lane's chunks of 256, 512, ..., 16,384 bytes and then 32,768 hold the 120,000 bytes in
    // 32,512 + 3 x 32,768.
    expect(q.bytes).to.equal(32512 + 3 * 32768);
    for (const a of arrays) {
      q.startRead();
      same(a, q.readSlot(0));
    }
    // the edges: what is packed and what is not reads back the same
    const edges: unknown[] = [[], [253, 0, true, false], [254], [-1], [-0], [0.5], [1, null], [1, 'a'], Array.from({ length: 32 }, () => 7), Array.from({ length: 33 }, () => 7), { deep: [[true, 1], [false]] }, [1, , 3]];
    for (const e of edges) {
      q.writeSlot(1, e);
      q.writeValue(e);
      q.endRecord();
    }
    for (const e of edges) {
      q.startRead();
      same(e, q.readSlot(1));
      same(e, q.readValue());
    }
  });
});
