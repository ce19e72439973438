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

/** What a compiled state answers before anything makes its configuration (as an invariant asks of a successor the search has only fingerprinted). */
interface FirstLook {
  readonly value: Record<string, unknown>;
  readonly again: unknown;
  readonly status: string;
  readonly matchesOwn: boolean;
  readonly matchesOther: boolean;
  /** Whether the state was one whose configuration was not made (`CompiledSnapshot.activeFlatStep`). */
  readonly lazy: boolean;
}

function firstLook(cs: unknown, expected: unknown): FirstLook {
  const s = cs as { value: Record<string, unknown>; status: string; matches(v: unknown): boolean; activeFlatStep: boolean };
  const lazy = s.activeFlatStep;
  const value = s.value;
  return { value, again: s.value, status: s.status, matchesOwn: s.matches(expected), matchesOther: s.matches({ [REGIONS[0]!]: 'nowhere' }), lazy };
}

/** Every state both engines reach from the initial one by the same events, breadth-first, with what the compiled one answered when first asked. */
function reachedPairs(): [unknown, unknown, FirstLook][] {
  const compiled = createSystem(model, {}, 'compiled');
  expect(compiled.engine, compiled.note).to.equal('compiled');
  const reference = createSystem(model, {}, 'reference').system;
  const c = compiled.system;
  const seen = new Set<string>();
  const pairs: [unknown, unknown, FirstLook][] = [];
  const pair = (cs: unknown, rs: unknown): [unknown, unknown, FirstLook] => [cs, rs, firstLook(cs, (rs as { value: unknown }).value)];
  let level = [pair(c.initialState(), reference.initialState())];
  while (level.length > 0) {
    const next: [unknown, unknown, FirstLook][] = [];
    for (const [cs, rs, look] of level) {
      const key = reference.key(rs as never);
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push([cs, rs, look]);
      for (const e of events) next.push(pair(c.next(cs as never, e), reference.next(rs as never, e)));
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
      let lazy = 0;
      for (const [cs, rs, look] of pairs) {
        const expected = (rs as { value: Record<string, unknown>; status: string }).value;
        for (const [value, when] of [
          [look.value, 'when first asked'],
          [(cs as { value: Record<string, unknown> }).value, 'after the state was expanded'],
        ] as const) {
          expect(Object.keys(value), when).to.deep.equal(Object.keys(expected));
          expect(JSON.stringify(value), when).to.equal(JSON.stringify(expected));
          expect(Object.getPrototypeOf(value), when).to.equal(Object.prototype);
        }
        expect(look.again, 'the same value when asked again').to.equal(look.value);
        expect((cs as { value: unknown }).value, 'the same value once the state was expanded').to.equal(look.value);
        expect([look.status, look.matchesOwn, look.matchesOther]).to.deep.equal([(rs as { status: string }).status, true, false]);
        if (look.lazy) lazy++;
      }
      // with few kept, most states were first seen with no configuration made
      if (flatKept === 2) expect(lazy, 'states first seen with no configuration made').to.be.above(pairs.length / 2);
    });
  }
});
