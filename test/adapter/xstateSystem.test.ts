import { expect } from 'chai';
import { check, createXstateSystem, resolveParams } from 'lucheck';
import { selfLoop, throwingGuard, throwingAction, throwingPropertyAction, throwingInvariant, mapInContext, nondeterministic } from '../fixtures/quirks.ts';
import peterson from '../../examples/peterson.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

describe('createXstateSystem', () => {
  it('keeps a true self-loop enabled and drops a guard-blocked event', () => {
    const system = createXstateSystem(selfLoop, resolveParams('self-loop', undefined, {}));
    const s0 = system.initialState();
    expect(system.enabledEvents(s0).map((e) => e.type)).to.deep.equal(['LOOP']);
    expect(system.key(system.next(s0, { type: 'LOOP' }))).to.equal(system.key(s0));
  });

  it('reports a self-loop-only machine as one state, not as a deadlock', async () => {
    const r = await check(selfLoop);
    expectVerdict(r, 'pass');
    expect(r.stats.distinct).to.equal(1);
    expect(r.stats.generated).to.equal(2);
  });

  it('keeps candidate events in the order the model gives them', () => {
    const system = createXstateSystem(peterson, {});
    const after = system.next(system.initialState(), { type: 'p1.WANT' });
    expect(system.enabledEvents(after).map((e) => e.type)).to.deep.equal(['p0.WANT', 'p1.YIELD']);
  });

  it('builds the key from value and context with sorted keys, independent of property order', () => {
    const system = createXstateSystem(peterson, {});
    const s0 = system.initialState();
    expect(system.key(s0)).to.equal('{"p0":"idle","p1":"idle"}|{"flag":[false,false],"turn":0}');
  });

  it('turns a throwing guard into a model error (verdict error, code model-exception) naming the event and state', async () => {
    const r = await check(throwingGuard);
    expectVerdict(r, 'error');
    expect(r.error!.code).to.equal('model-exception');
    expect(r.error!.message).to.contain('guard exploded').and.contain('BOOM').and.contain('state b');
  });

  it('turns a throwing assign action into a model error naming the event', async () => {
    const r = await check(throwingAction);
    expectVerdict(r, 'error');
    expect(r.error!.code).to.equal('model-exception');
    expect(r.error!.message).to.contain('assign exploded').and.contain('GO');
  });

  it('turns a throwing property-form assign into a model error naming the event, on either engine', async () => {
    for (const engine of ['compiled', 'reference'] as const) {
      const r = await check(throwingPropertyAction, { engine });
      expectVerdict(r, 'error');
      expect(r.engine).to.equal(engine);
      expect(r.error!.code, engine).to.equal('model-exception');
      expect(r.error!.message, engine).to.contain('property assign exploded').and.contain('GO');
    }
  });

  it('turns a throwing invariant into a model error naming the invariant', async () => {
    const r = await check(throwingInvariant);
    expectVerdict(r, 'error');
    expect(r.error!.code).to.equal('model-exception');
    expect(r.error!.message).to.contain('invariant FRAGILE threw').and.contain('cannot read pins of undefined');
  });

  it('refuses a Map in the context as a model error naming the path', async () => {
    const r = await check(mapInContext);
    expectVerdict(r, 'error');
    expect(r.error!.code).to.equal('non-json-context');
    expect(r.error!.message).to.contain('context.pins holds a Map');
  });

  it('finds nondeterminism with checkDeterminism, and not without it', async () => {
    const r = await check(nondeterministic, { checkDeterminism: true });
    expectVerdict(r, 'error');
    expect(r.error!.code).to.equal('nondeterminism');
    expect(r.error!.message).to.contain('TICK');
  });
});
