import { expect } from 'chai';
import { assign, setup } from 'xstate';
import { check, defineModel, type ModelDefinition } from 'lucheck';
import { recorder } from '../support/recorderModel.ts';

const audited = (model: ModelDefinition, engine: 'compiled' | 'reference' = 'compiled') => check(model, { engine, dropAuxiliary: true, checkDeterminism: true });

describe('--check-determinism with --drop-auxiliary: the auxiliary declaration audited as the search runs', () => {
  for (const engine of ['compiled', 'reference'] as const) {
    it(`passes a declaration the model keeps, over the same states as without the audit (${engine} engine)`, async () => {
      const r = await audited(recorder(() => ['log.last', 'note']), engine);
      const plain = await check(recorder(() => ['log.last', 'note']), { engine, dropAuxiliary: true });
      expect([r.verdict, r.stats.distinct]).to.deep.equal(['pass', 11]);
      expect(r.stats.distinct).to.equal(plain.stats.distinct);
    });
  }

  it('reports a guard that reads a declared field, naming the transition and the path (compiled engine)', async () => {
    const r = await audited(recorder(() => ['log.calls']));
    expect(r.verdict).to.equal('error');
    expect(r.error).to.deep.equal({
      code: 'auxiliary-read',
      message: "model recorder: the guard of the A transition of state 'recorder' reads log.calls, which the model declares auxiliary; --drop-auxiliary would merge states that this tells apart",
    });
  });

  it('reports isFinal() reading one, on the reference engine too (where guards and actions run inside xstate, unaudited)', async () => {
    const model = recorder(() => ['note'], { isFinal: (s) => s.context.note !== 'never' && s.context.log.calls === 5 });
    const r = await audited(model, 'reference');
    expect(r.error?.code).to.equal('auxiliary-read');
    expect(r.error?.message).to.contain('isFinal() reads note');
  });

  it('reports an invariant that reads one', async () => {
    const r = await audited(recorder(() => ['n']));
    expect(r.error?.message).to.equal('model recorder: invariant SMALL reads n, which the model declares auxiliary; --drop-auxiliary would merge states that this tells apart');
  });

  it('reports events() listing the keys of a record that holds one', async () => {
    const r = await audited(recorder(() => ['log.last'], { events: (s) => (Object.keys(s.context.log).length > 0 ? [{ type: 'A' }, { type: 'B' }] : []) }));
    expect(r.error?.message).to.contain('events() reads the keys of log (among them log.last)');
  });

  it('reports an action whose result outside the auxiliary fields depends on them, which the reduction would get wrong', async () => {
    // `n` follows `last`, which is declared auxiliary: with it dropped, states that differ in
    // what A would do next are merged
    type C = { n: number; last: string };
    const machine = setup({ types: {} as { context: C; events: { type: 'A' | 'B' } } }).createMachine({
      id: 'follower',
      context: { n: 0, last: '' },
      initial: 'run',
      states: { run: {} },
      on: {
        A: { guard: ({ context }) => context.n < 3, actions: assign(({ context }) => ({ n: context.n + (context.last === 'A' ? 2 : 1), last: 'A' })) },
        B: { guard: ({ context }) => context.n < 3, actions: assign({ last: 'B' }) },
      },
    });
    const model = defineModel({ name: 'follower', machine: () => machine, events: () => [{ type: 'A' }, { type: 'B' }], isFinal: () => true, auxiliary: () => ['last'] });
    const r = await audited(model);
    expect(r.error).to.deep.equal({
      code: 'auxiliary-read',
      message: "model follower: an action of the A transition of state 'follower' sets other values outside the auxiliary fields (last) when they are taken away; --drop-auxiliary would merge states that this tells apart",
    });
    // the audit is what catches it: without it the reduced search passes
    expect((await check(model, { dropAuxiliary: true })).verdict).to.equal('pass');
  });

  it('reports an action that throws without them, quoting what it threw', async () => {
    type C = { n: number; last: { by: string } };
    const machine = setup({ types: {} as { context: C; events: { type: 'A' } } }).createMachine({
      id: 'thrower',
      context: { n: 0, last: { by: '' } },
      initial: 'run',
      states: { run: {} },
      on: { A: { guard: ({ context }) => context.n < 2, actions: assign(({ context }) => ({ n: context.n + 1, last: { by: `A after ${context.last.by.length}` } })) } },
    });
    const model = defineModel({ name: 'thrower', machine: () => machine, events: () => [{ type: 'A' }], isFinal: () => true, auxiliary: () => ['last'] });
    const r = await audited(model);
    expect(r.error?.code).to.equal('auxiliary-read');
    expect(r.error?.message).to.match(/^model thrower: an action of the A transition of state 'thrower' throws when the auxiliary fields \(last\) are taken away: TypeError: /);
  });

  it('does not audit without --check-determinism: the reduction takes the model at its word', async () => {
    const r = await check(recorder(() => ['n']), { dropAuxiliary: true });
    expect(r.verdict).to.equal('pass');
  });
});
