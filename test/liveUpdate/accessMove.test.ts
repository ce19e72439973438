// An in-kernel client moved to the second IOAS (machines/accessChangeIoas.ts, moveAccess=...):
// S7 iommufd_access_change_ioas, split where it drops ioas_lock to call ops->unmap.
import { expect } from 'chai';
import { accessPin } from '../../machines/access.ts';
import { accessIoas, accessTarget, moveBegin, moveFinish, moveUnmap } from '../../machines/accessChangeIoas.ts';
import { expectVerdict } from '../support/expectVerdict.ts';
import { modelWith, only, run, witness } from './helpers.ts';
import { changesNothing, copyMapping, mapAll, setup } from './kernelSetup.ts';

function copied(given: Record<string, unknown> = {}) {
  const { k, plan } = setup({ mdev: true, copy: true, moveAccess: 'yes', ...given });
  mapAll(k, plan);
  copyMapping(k, plan);
  return { k, plan };
}

describe('iommufd_access_change_ioas (accessChangeIoas.ts)', () => {
  it('begin: access->ioas is NULL while ioas_unpin stays the old IOAS; unmap: the driver drops every pin; finish: both name the new IOAS and the access works on the copy', () => {
    const { k, plan } = copied({ pages: 2 });
    expect(accessPin(k, 'm0', null, plan.rlimit).rc).to.equal(0);
    k.mdevWork.holds = ['mdev:m0'];
    expect(moveBegin(k, 'mdev', false)).to.equal(0);
    expect(k.mdevWork.at.mdev).to.deep.equal({ ioas: null, unpin: 'ioas1' });
    expect(accessIoas(k, 'mdev')).to.equal(null);
    moveUnmap(k, 'mdev', plan.rlimit);
    expect(k.mdevWork.holds).to.deep.equal([]);
    expect(k.areas.m0!.num_accesses).to.equal(0);
    expect(k.pages.Pm0!.npinned, 'still pinned: both domains map it').to.equal(2);
    expect(moveFinish(k, 'mdev')).to.equal(0);
    expect(k.mdevWork.at.mdev).to.deep.equal({ ioas: 'ioas2', unpin: 'ioas2' });
    expect(accessTarget(k, 'mdev', 'm0')).to.equal('c0');
  });

  it('-EADDRINUSE when the new IOAS holds an area not aligned to the access (iopt_add_access -> iopt_calculate_iova_alignment), access->ioas restored: nothing changed', () => {
    const { k } = copied();
    expect(changesNothing(k, () => moveBegin(k, 'mdev', true))).to.equal('-EADDRINUSE');
    expect(accessIoas(k, 'mdev')).to.equal('ioas1');
  });

  it('-EBUSY while another change is under way (access->ioas != access->ioas_unpin: "racing with a concurrent detach")', () => {
    const { k } = copied();
    expect(moveBegin(k, 'mdev', false)).to.equal(0);
    expect(changesNothing(k, () => moveBegin(k, 'mdev', false))).to.equal('-EBUSY');
  });
});

describe('the moveAccess parameter in the whole model', () => {
  it('the moved access pins the copy through the second IOAS, and the pages stay pinned exactly once (INV-2 over the run)', async () => {
    const r = await run(modelWith([witness('pinned-through-ioas2', (k) => k.mdevWork.holds.includes('mdev:c0') && k.mdevWork.at.mdev?.ioas === 'ioas2')]), { copy: true, mdev: true, moveAccess: 'yes' });
    expectVerdict(r, 'violation');
    expect(r.violations[0]!.trace.map((t) => t.event?.type)).to.include.members(['cp.PUBLISH', 'mv.BEGIN', 'mv.UNMAP', 'mv.FINISH', 'mdev.PIN']);
    expectVerdict(await run(only('INV-2'), { copy: true, mdev: true, moveAccess: 'yes', handover: 'fork-exec' }), 'pass');
  });

  it('a pin while the access is mid-move fails with -ENOENT, by design, and is no service break', async () => {
    const r = await run(modelWith([witness('pin-mid-move', (k) => k.ret.mdev === 'iommufd_access_pin_pages(m0) = -ENOENT' && k.mdevWork.at.mdev?.ioas === null)]), { copy: true, mdev: true, moveAccess: 'yes' });
    expectVerdict(r, 'violation');
    expectVerdict(await run(only('SERVICE'), { copy: true, mdev: true, moveAccess: 'yes' }), 'pass');
  });

  it('the misaligned move fails with -EADDRINUSE and changes nothing (INV-8 over the run); the new VMM closes only once no move is in flight', async () => {
    const failed = await run(modelWith([witness('move-failed', (k) => k.ret.move === 'VFIO_DEVICE_ATTACH_IOMMUFD_PT(mdev -> ioas2) = -EADDRINUSE')]), { copy: true, mdev: true, moveAccess: 'misaligned' });
    expectVerdict(failed, 'violation');
    expectVerdict(await run(only('INV-8'), { copy: true, mdev: true, moveAccess: 'misaligned' }), 'pass');
    const closedMidMove = await run(modelWith([witness('closed-mid-move', (k, s) => s.matches({ new: 'closed' }) && (s.matches({ move: 'unmapping' }) || s.matches({ move: 'unmapped' })))]), { copy: true, mdev: true, moveAccess: 'yes' });
    expectVerdict(closedMidMove, 'pass');
  });
});
