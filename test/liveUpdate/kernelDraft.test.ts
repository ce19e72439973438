import { expect } from 'chai';
import { resolveParams } from 'lucheck';
import { initialState } from '../../machines/initialState.ts';
import { ioasMap, mapRequest } from '../../machines/iommufd.ts';
import { sameJson, withDraft } from '../../machines/kernelDraft.ts';
import { PARAMS } from '../../machines/params.ts';
import { planOf } from '../../machines/plan.ts';

describe('live-update: a step works on a draft of the kernel state', () => {
  const plan = planOf(resolveParams('live-update', PARAMS, {}));
  const base = () => initialState(plan);

  it('copies a field when the step first reads it, and leaves the state it was given as it was', () => {
    const b = base();
    const before = structuredClone(b);
    const next = withDraft(b, (k) => void ioasMap(k, mapRequest(plan, plan.mappings[0]!, 'old')));
    expect(b).to.deep.equal(before);
    expect(next.areas.m0).to.include({ pages: 'Pm0' });
    expect(next.pages).to.not.equal(b.pages);
    expect(next.users.u0!.locked_vm).to.equal(1);
  });

  it('keeps every field the step never read as the very object it was (shared with the next state)', () => {
    const b = base();
    const next = withDraft(b, (k) => {
      k.ret.old = 'execve = 0';
    });
    for (const field of Object.keys(b) as (keyof typeof b)[]) {
      if (field === 'ret') expect(next.ret).to.deep.equal({ old: 'execve = 0' });
      else expect(next[field], field).to.equal(b[field]);
    }
    expect(Object.keys(next)).to.deep.equal(Object.keys(b));
  });

  it('takes a field the step replaced whole, and one it set to null', () => {
    const b = { ...base(), serviceBreak: { actor: 'mdev', op: 'pin', mapping: 'm0', ret: '-EFAULT', reached: null, expected: 'memfd0' } };
    const next = withDraft(b, (k) => {
      k.serviceBreak = null;
      k.intended = { m0: 'memfd0' };
    });
    expect(next.serviceBreak).to.equal(null);
    expect(next.intended).to.deep.equal({ m0: 'memfd0' });
  });

  it('compares plain JSON data as JSON does: key order and undefined-valued keys aside', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).to.equal(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 0 })).to.equal(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).to.equal(false);
    expect(sameJson({ a: null }, { a: undefined })).to.equal(false);
  });
});
