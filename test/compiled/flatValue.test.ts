import { expect } from 'chai';
import { createMachine } from 'xstate';
import { createSystem, defineModel } from 'lucheck';
import { ConfigurationTable } from '../../src/compiled/ConfigurationTable.ts';

// Regions whose names an object literal must quote, or that name Object.prototype's own members,
// or that are integer-like (which JavaScript orders first): the compiled engine makes a flat
// configuration's state value with one generated literal of these names, and it must be the
// value xstate makes, key for key and in xstate's order.
const REGIONS = ['a b', 'x"y', "it's", 'constructor', 'toString', '0', 'ünï\u2028code'];

const machine = createMachine({
  id: 'names',
  type: 'parallel',
  states: Object.fromEntries(
    REGIONS.map((r, i) => [
      r,
      {
        initial: 'off',
        states: {
          off: { on: { [`T${i}`]: 'on' } },
          on: { initial: 'low', states: { low: { on: { [`T${i}`]: 'high' } }, high: { on: { [`T${i}`]: '#names.' + r.replace(/[.#]/g, '\\$&') + '.off' } } } },
        },
      },
    ]),
  ),
});
const events = REGIONS.map((_, i) => ({ type: `T${i}` }));
const model = defineModel({ name: 'names', machine: () => machine, events: () => events });

/** Every state both engines reach from the initial one by the same events, as pairs, breadth-first. */
function reachedPairs(): [unknown, unknown][] {
  const compiled = createSystem(model, {}, 'compiled');
  expect(compiled.engine, compiled.note).to.equal('compiled');
  const reference = createSystem(model, {}, 'reference').system;
  const c = compiled.system;
  const seen = new Set<string>();
  const pairs: [unknown, unknown][] = [];
  let level: [unknown, unknown][] = [[c.initialState(), reference.initialState()]];
  while (level.length > 0) {
    const next: [unknown, unknown][] = [];
    for (const [cs, rs] of level) {
      const key = reference.key(rs as never);
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push([cs, rs]);
      for (const e of events) next.push([c.next(cs as never, e), reference.next(rs as never, e)]);
    }
    level = next;
  }
  return pairs;
}

describe("a flat configuration's state value", () => {
  let kept: number;
  beforeEach(() => {
    kept = ConfigurationTable.flatKept;
  });
  afterEach(() => {
    ConfigurationTable.flatKept = kept;
  });

  for (const flatKept of [1 << 6, 1 << 10, 2]) {
    it(`is xstate's, key for key and in xstate's order, for regions named ${REGIONS.map((r) => JSON.stringify(r)).join(', ')} (${flatKept} configurations kept)`, () => {
      ConfigurationTable.flatKept = flatKept;
      const pairs = reachedPairs();
      expect(pairs.length).to.equal(3 ** REGIONS.length);
      for (const [cs, rs] of pairs) {
        const value = (cs as { value: Record<string, unknown> }).value;
        const expected = (rs as { value: Record<string, unknown> }).value;
        expect(Object.keys(value)).to.deep.equal(Object.keys(expected));
        expect(JSON.stringify(value)).to.equal(JSON.stringify(expected));
        expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
      }
    });
  }
});
