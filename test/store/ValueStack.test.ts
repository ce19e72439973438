import { expect } from 'chai';
import fc from 'fast-check';
import { ValueStack } from '../../src/store/ValueStack.ts';
import { ValueDictionary } from '../../src/store/ValueDictionary.ts';
import { same, value } from '../support/values.ts';

/** One record: a value written whole, then the same value at slot 0 (as a codec writes a context field). */
function push(s: ValueStack, v: unknown): void {
  s.begin();
  s.writeValue(v);
  s.writeSlot(0, v);
}

function pop(s: ValueStack): [unknown, unknown] {
  s.pop();
  return [s.readValue(), s.readSlot(0)];
}

describe('ValueStack', () => {
  it('reads back, last in first out, every JSON-like value as an equal copy, pushes and pops interleaved', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.boolean()), { maxLength: 40 }), (steps) => {
        const s = new ValueStack(new ValueDictionary());
        const model: unknown[] = [];
        for (const [v, andPop] of steps) {
          push(s, v);
          model.push(v);
          if (andPop) {
            const [whole, slot] = pop(s);
            const expected = model.pop();
            same(expected, whole);
            same(expected, slot);
          }
          expect(s.length).to.equal(model.length);
        }
        while (model.length > 0) {
          const [whole, slot] = pop(s);
          const expected = model.pop();
          same(expected, whole);
          same(expected, slot);
        }
        expect(s.length).to.equal(0);
      }),
      { numRuns: 500 },
    );
  });

  it('writes each record whole: the object the record below held at a slot is written again, not referred to', () => {
    const s = new ValueStack(new ValueDictionary());
    const forks = { held: [true, false, true], by: { p0: 'one' } };
    s.begin();
    s.writeSlot(0, forks);
    s.begin();
    s.writeSlot(0, forks); // in a queue: one byte meaning "the same as the record before"
    s.pop();
    expect(s.readSlot(0)).to.deep.equal(forks);
    s.pop();
    expect(s.readSlot(0)).to.deep.equal(forks);
  });

  it('keeps what it cannot encode by reference, each record its own, when a record is pushed where another was popped', () => {
    const s = new ValueStack(new ValueDictionary());
    const a = new Map([[1, 'a']]);
    const b = new Map([[2, 'b']]);
    const c = new Map([[3, 'c']]);
    push(s, { m: a });
    push(s, { m: b });
    expect(pop(s)[0]).to.deep.equal({ m: b });
    push(s, { m: c }); // over b's record and its references
    const [cWhole, cSlot] = pop(s) as [{ m: unknown }, { m: unknown }];
    expect(cWhole.m).to.equal(c);
    expect(cSlot.m).to.equal(c);
    const [aWhole, aSlot] = pop(s) as [{ m: unknown }, { m: unknown }];
    expect(aWhole.m).to.equal(a);
    expect(aSlot.m).to.equal(a);
  });

  it('grows past its first lanes and holds only the deepest the stack has been, in typed arrays', () => {
    const s = new ValueStack(new ValueDictionary());
    const start = s.bytes;
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      s.begin();
      s.writeNumber(i);
      s.writeValue(`k${i % 5}`);
    }
    const deepest = s.bytes;
    // one number (8 bytes), a tag and a string's number (9) and three words of start (12) a record, the lanes doubling
    expect(deepest).to.be.within(N * 29, 2 * N * 29);
    for (let i = N - 1; i >= 0; i--) {
      s.pop();
      const n = s.readNumber();
      const k = s.readValue();
      if (n !== i || k !== `k${i % 5}`) expect.fail(`record ${i} read back as ${n}, ${String(k)}`);
    }
    expect(s.length).to.equal(0);
    expect(s.bytes).to.equal(deepest);
    expect(start).to.be.below(deepest);
  });

  it('refuses to pop an empty stack', () => {
    expect(() => new ValueStack(new ValueDictionary()).pop()).to.throw(RangeError, /empty/);
  });
});
