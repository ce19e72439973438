// The liveness check as the API offers it: what it composes with, what it refuses by name, and
// how it treats malformed properties and fairness.
import { expect } from 'chai';
import { setup } from 'xstate';
import { check, defineModel, eventually, leadsTo, alwaysEventually, ModelError, UsageError } from 'lucheck';
import spinlock from '../../examples/spinlock.ts';
import fairMutex from '../../examples/fairMutex.ts';
import { parseFairness } from '../../src/model/selectProperties.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

/** A machine that stops at once, in a final state: its one behaviour stays there for ever. */
const stopped = defineModel({
  name: 'stopped',
  machine: () => setup({}).createMachine({ initial: 'done', states: { done: { type: 'final' } } }),
  events: () => [],
  properties: [eventually({ id: 'NEVER', title: 'never', description: 'no state meets it' }, () => false)],
});

describe('the liveness check as the API offers it', () => {
  it('checks the properties only once every invariant holds: a violation is reported as it was, with the properties listed', async () => {
    const broken = defineModel({ ...spinlock, invariants: [{ id: 'NO-LOCK', title: 'never locked', description: 'x', check: (s) => (s.context.locked ? 'locked' : true) }] });
    const r = await check(broken);
    expectVerdict(r, 'violation');
    expect(r.violations.map((v) => v.id)).to.deep.equal(['NO-LOCK']);
    expect(r.properties).to.deep.equal(['GETS-LOCK-p0', 'GETS-LOCK-p1']);
  });

  it('--invariant selects among invariants and properties alike; an id of neither is a usage error listing both', async () => {
    const onlyP0 = await check(spinlock, { invariants: ['GETS-LOCK-p0'] });
    expect(onlyP0.invariants).to.deep.equal([]);
    expect(onlyP0.properties).to.deep.equal(['GETS-LOCK-p0']);
    expect(onlyP0.violations.map((v) => v.id)).to.deep.equal(['GETS-LOCK-p0']);
    const onlyMutex = await check(spinlock, { invariants: ['MUTEX'] });
    expectVerdict(onlyMutex, 'pass');
    expect(onlyMutex.properties).to.equal(undefined);
    expect(onlyMutex.fairness).to.equal(undefined);
    let thrown: unknown;
    await check(spinlock, { invariants: ['NOPE'] }).catch((e) => (thrown = e));
    expect(thrown).to.be.instanceOf(UsageError);
    expect((thrown as Error).message).to.contain('MUTEX, GETS-LOCK-p0, GETS-LOCK-p1');
  });

  it('gives the same verdicts and lassos of the same length with --strategy dfs (the graph is the same; the stem is still the shortest)', async () => {
    const bfs = await check(spinlock);
    const dfs = await check(spinlock, { strategy: 'dfs' });
    expect(dfs.verdict).to.equal('liveness');
    expect(dfs.violations.map((v) => [v.id, v.trace.length, v.loop])).to.deep.equal(bfs.violations.map((v) => [v.id, v.trace.length, v.loop]));
  });

  it('stops as incomplete, not pass, when --max-states cuts the graph: with the bound at the exact state count the invariants pass, but edges met at the bound went unrecorded', async () => {
    // 20 states: at the bound, the search only asks whether each successor is known
    expectVerdict(await check(fairMutex, { maxStates: 20, invariants: ['MUTEX'] }), 'pass');
    const r = await check(fairMutex, { maxStates: 20 });
    expectVerdict(r, 'incomplete');
    expect(r.incomplete?.reason).to.equal('max-states');
    expectVerdict(await check(fairMutex, { maxStates: 21 }), 'pass');
  });

  it('refuses --symmetry unless every property and every fairness assumption is declared symmetric, saying why', async () => {
    // the identity: a trivially sound symmetry, so the refusals are about liveness alone
    const sym = defineModel({ ...spinlock, symmetry: (s) => ({ value: s.value, context: s.context }) });
    let thrown: unknown;
    await check(sym, { symmetry: true }).catch((e) => (thrown = e));
    expect((thrown as Error).message).to.match(/--symmetry with properties GETS-LOCK-p0, GETS-LOCK-p1, which model spinlock does not declare symmetric/);
    const declared = defineModel({ ...sym, properties: sym.properties!.map((p) => ({ ...p, symmetric: true })) });
    thrown = undefined;
    await check(declared, { symmetry: true }).catch((e) => (thrown = e));
    expect((thrown as Error).message).to.match(/--symmetry with fairness WF\(p0\), WF\(p1\), which model spinlock does not declare symmetric: where the symmetry renames an actor/);
    const r = await check(declared, { symmetry: true, fairness: [] });
    expectVerdict(r, 'liveness');
    const fair = await check(declared, { symmetry: true, fairness: [{ kind: 'weak', actor: 'p0', symmetric: true }, { kind: 'weak', actor: 'p1', symmetric: true }] });
    expect(fair.violations.map((v) => [v.id, v.trace.length])).to.deep.equal((await check(spinlock)).violations.map((v) => [v.id, v.trace.length]));
  });

  it('a property that throws is a model error naming it; a malformed property or fairness is refused when the model is defined or resolved', async () => {
    const throwing = defineModel({ ...spinlock, properties: [alwaysEventually({ id: 'BOOM', title: 'x', description: 'x' }, () => { throw new Error('kaput'); })] });
    const r = await check(throwing);
    expectVerdict(r, 'error');
    expect(r.error!.message).to.match(/property BOOM threw.*kaput/);
    // an invariant's habit, a message for "does not hold", would read as true: refused, not guessed
    const message = defineModel({ ...spinlock, properties: [alwaysEventually({ id: 'MSG', title: 'x', description: 'x' }, (() => 'p0 is not critical') as never)] });
    const m = await check(message);
    expectVerdict(m, 'error');
    expect(m.error!.message).to.match(/property MSG: its predicate p returned 'p0 is not critical' instead of true or false/);
    expect(() => defineModel({ ...spinlock, properties: [{ id: 'X', kind: 'soon', p: () => true } as never] })).to.throw(ModelError, /`kind` \(eventually, always-eventually, leads-to, eventually-always\)/);
    expect(() => defineModel({ ...spinlock, properties: [{ id: 'MUTEX', kind: 'eventually', p: () => true } as never] })).to.throw(ModelError, /id MUTEX is used twice/);
    expect(() => defineModel({ ...spinlock, properties: [{ id: 'Q', kind: 'leads-to', p: () => true } as never] })).to.throw(ModelError, /p, and q for leads-to/);
    const badFairness = defineModel({ ...spinlock, fairness: [{ kind: 'weak', actor: 'p0', event: 'X' } as never] });
    // a model error is a verdict, as for any other part of the model
    const bad = await check(badFairness);
    expectVerdict(bad, 'error');
    expect(bad.error!.code).to.equal('invalid-model');
    expect(bad.error!.message).to.match(/fairness: it needs exactly one of actor .* and event/);
    const override = await check(spinlock, { fairness: [{ kind: 'fair' } as never] }).catch((e) => e);
    expect(override).to.be.instanceOf(UsageError);
  });

  it('parses --fairness: none, WF and SF of actors and event types (an event type may hold commas in parentheses), and refuses anything else', () => {
    expect(parseFairness('none')).to.deep.equal([]);
    expect(parseFairness('WF(p0), SF(event:p1.ACQUIRE)')).to.deep.equal([
      { kind: 'weak', actor: 'p0' },
      { kind: 'strong', event: 'p1.ACQUIRE' },
    ]);
    expect(parseFairness('WF(new VMM (hotplug thread))')).to.deep.equal([{ kind: 'weak', actor: 'new VMM (hotplug thread)' }]);
    expect(() => parseFairness('weak(p0)')).to.throw(UsageError, /allowed: none, or WF\(actor\)/);
  });

  it('a machine that stops at once breaks "eventually" with a stuttering lasso of no step', async () => {
    const r = await check(stopped);
    expectVerdict(r, 'liveness');
    expect(r.violations[0]!.loop).to.deep.equal({ start: 0, stutter: true });
    expect(r.violations[0]!.trace).to.have.length(1);
  });

  it('leads-to holds vacuously where its premise never holds, and the premise and conclusion may hold in the same state', async () => {
    const vacuous = defineModel({ ...spinlock, properties: [leadsTo({ id: 'V', title: 'v', description: 'v' }, () => false, () => false)] });
    expectVerdict(await check(vacuous), 'pass');
    const same = defineModel({ ...spinlock, properties: [leadsTo({ id: 'S', title: 's', description: 's' }, (s) => s.matches({ p0: 'critical' }), (s) => s.matches({ p0: 'critical' }))] });
    expectVerdict(await check(same), 'pass');
  });
});
