import { expect } from 'chai';
import { check, resolveModelParams, UsageError } from 'lucheck';
import { liveUpdate, modelWith, witness } from './helpers.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

describe('live-update: several in-kernel clients (accesses)', () => {
  it('gives each access its own region, working on RAM block i mod the number of blocks', async () => {
    const r = await check(liveUpdate, { params: { mdev: true, accesses: 3, ramBlocks: 2 } });
    expectVerdict(r, 'pass');
    const fired = new Map(r.coverage!.events.map((e) => [e.type, e.fired]));
    for (const a of ['mdev', 'mdev1', 'mdev2']) for (const op of ['PIN', 'RW', 'UNPIN']) expect(fired.get(`${a}.${op}`), `${a}.${op}`).to.be.above(0);
    const one = await check(liveUpdate, { params: { mdev: true, ramBlocks: 2 } });
    expect(r.stats.distinct).to.be.above(one.stats.distinct * 10);
  });

  it('lets two accesses hold one area at once, pinned once (num_accesses = 2, S2 iopt_area_add_access)', async () => {
    const both = witness('two accesses on m0', (k) => k.areas.m0?.num_accesses === 2 && k.mdevWork.holds.includes('mdev:m0') && k.mdevWork.holds.includes('mdev2:m0') && k.pages.Pm0?.npinned === 1);
    const r = await check(modelWith([...liveUpdate.invariants!, both]), { params: { mdev: true, accesses: 3, ramBlocks: 2 } });
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.id).to.equal('two accesses on m0');
    expect(r.violations[0]!.trace.slice(1).map((t) => t.event!.type)).to.include.members(['mdev.PIN', 'mdev2.PIN']);
  });

  it('refuses more than one access without an iommufd mdev, saying what is allowed', () => {
    for (const given of [{ accesses: 2 }, { accesses: 2, mdev: true, backend: 'vfio-type1', variant: 'v6.3' }]) {
      expect(() => resolveModelParams(liveUpdate, given)).to.throw(UsageError, 'accesses=2 needs mdev=true and backend=iommufd');
    }
  });
});
