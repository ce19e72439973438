import { expect } from 'chai';
import { check, createSystem, defineModel, ModelError, UsageError, type ModelDefinition } from 'lucheck';
import { recorder } from '../support/recorderModel.ts';

describe('--drop-auxiliary: the auxiliary fields a model declares are left out of a state\'s identity', () => {
  for (const engine of ['compiled', 'reference'] as const) {
    it(`identifies states that differ only in them (${engine} engine): 11 states of (calls, n) instead of one per (calls, n, last, note)`, async () => {
      const plain = await check(recorder(), { engine });
      const dropped = await check(recorder(), { engine, dropAuxiliary: true });
      expect(plain.verdict).to.equal('pass');
      expect(dropped.verdict).to.equal('pass');
      expect(dropped.dropAuxiliary).to.equal(true);
      expect(plain.dropAuxiliary).to.equal(undefined);
      // after c calls, n is one of the two values of c's parity (0 alone for c = 0): 1 + 5 x 2
      expect(dropped.stats.distinct).to.equal(11);
      expect(plain.stats.distinct).to.be.above(dropped.stats.distinct);
    });
  }

  it('keeps a read field in: declaring only part of a record leaves the rest in the key', async () => {
    const lastOnly = await check(recorder(() => ['log.last']), { dropAuxiliary: true });
    const both = await check(recorder(), { dropAuxiliary: true });
    // `note` still tells states apart
    expect(lastOnly.stats.distinct).to.be.above(both.stats.distinct);
  });

  it('keeps the auxiliary values in the trace, replayed along the path the search found', async () => {
    const model = defineModel({ ...recorder(), invariants: [{ id: 'THREE', title: 'n never 3', description: 'a probe', check: (s) => s.context.n !== 3 || 'n = 3' }] });
    const r = await check(model, { dropAuxiliary: true });
    expect(r.verdict).to.equal('violation');
    const trace = r.violations[0]!.trace;
    expect(trace.map((t) => t.event?.type ?? null)).to.deep.equal([null, 'B']);
    expect(trace[1]!.changes.join(' ')).to.contain('log.last').and.contain('B');
  });

  it('finds the same shortest counterexample as the full search', async () => {
    const model = defineModel({ ...recorder(), invariants: [{ id: 'TWO', title: 'n never 2', description: 'a probe', check: (s) => s.context.n !== 2 || 'n = 2' }] });
    const [plain, dropped] = await Promise.all([false, true].map((dropAuxiliary) => check(model, { dropAuxiliary })));
    expect(dropped.violations[0]!.trace.map((t) => t.event?.type)).to.deep.equal(plain.violations[0]!.trace.map((t) => t.event?.type));
  });

  it('composes with a symmetry: the canonical form is taken of the state without the auxiliary fields', async () => {
    const base = recorder();
    // n and 3 - n... mirror n to min(n, 3 - n): a "symmetry" in name only, to see it applied
    const model: ModelDefinition = { ...base, symmetry: (s) => ({ calls: s.context.log.calls, n: Math.min(s.context.n, 3 - s.context.n), rest: s.context }) };
    const seen: unknown[] = [];
    const spy: ModelDefinition = { ...model, symmetry: (s, p) => (seen.push(s.context), model.symmetry!(s, p)) };
    const { system } = createSystem(spy, {}, 'reference', { symmetry: true, auxiliary: true });
    system.key(system.initialState());
    expect(seen).to.deep.equal([{ n: 0, log: { calls: 0 } }]);
  });

  it('refuses the flag for a model that declares no auxiliary fields, saying what to do', () => {
    const { auxiliary: _, ...none } = recorder();
    expect(() => createSystem(none, {}, 'auto', { auxiliary: true })).to.throw(UsageError, 'model recorder declares no auxiliary fields; run without --drop-auxiliary');
  });

  it('reports a declaration that is not a list of dotted paths as a model error quoting it', async () => {
    for (const bad of [() => 'log.last', () => ['log..last'], () => [''], () => [3]] as never[]) {
      const r = await check(recorder(bad), { dropAuxiliary: true });
      expect(r.verdict).to.equal('error');
      expect(r.error!.message).to.match(/^model recorder: auxiliary\(\) must return a list of context paths such as 'ret.mdev1'/);
    }
    const r = await check(recorder(() => { throw new Error('no plan'); }), { dropAuxiliary: true });
    expect(r.error!.message).to.equal('model recorder: auxiliary() threw: Error: no plan');
    expect(() => createSystem(recorder(() => ['']), {}, 'auto', { auxiliary: true })).to.throw(ModelError);
  });

  it('leaves a path through something other than a plain object alone, and shares what is off the paths', () => {
    const model: ModelDefinition = { ...recorder(() => ['n.x', 'log.last', 'missing.deep']), view: undefined };
    const { system } = createSystem(model, {}, 'reference', { auxiliary: true });
    const s = system.initialState();
    expect(system.key(s)).to.equal(createSystem({ ...recorder(() => ['log.last']) }, {}, 'reference', { auxiliary: true }).system.key(s));
    expect(system.key(s)).to.contain('"n":0').and.contain('"calls":0').and.not.contain('"last"');
  });
});
