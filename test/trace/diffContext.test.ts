import { expect } from 'chai';
import { diffContext } from '../../src/trace/diffContext.ts';

describe('diffContext (what a trace step changed)', () => {
  it('lists changed leaves by path, and shows a subtree that appears or changes shape whole', () => {
    expect(diffContext({ a: 1, b: { c: 2, d: [1, 2] } }, { a: 1, b: { c: 3, d: [1, 2, 3] }, e: 'x' })).to.deep.equal(['b.c: 2→3', 'b.d: [1,2]→[1,2,3]', 'e: (none)→"x"']);
  });

  it('walks a cyclic value (an actor reference a model keeps in its context and leaves out of its view) without running out of stack, and still reports what changed beside it', () => {
    const actor: Record<string, unknown> = { id: 'parent' };
    actor.self = actor;
    const other: Record<string, unknown> = { id: 'parent' };
    other.self = other;
    // the same reference on both sides: unchanged
    expect(diffContext({ parentActor: actor, n: 1 }, { parentActor: actor, n: 2 })).to.deep.equal(['n: 1→2']);
    // two different cyclic objects: walked once each, nothing to report in them, the sibling change reported
    expect(diffContext({ parentActor: actor, n: 1 }, { parentActor: other, n: 2 })).to.deep.equal(['n: 1→2']);
    other.id = 'another';
    expect(diffContext({ parentActor: actor }, { parentActor: other })).to.deep.equal(['parentActor.id: "parent"→"another"']);
  });
});
