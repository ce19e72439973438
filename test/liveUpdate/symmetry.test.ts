import { expect } from 'chai';
import { check } from 'lucheck';
import { liveUpdate } from './helpers.ts';

describe('live-update symmetry reduction (two interchangeable RAM blocks)', () => {
  const configs: Record<string, unknown>[] = [];
  for (const handover of ['exec', 'fork-exec', 'scm-rights']) {
    for (const extra of [{}, { hotplug: true }, { variant: 'v6.13', hotplug: true }, { accounting: 'none' }, { accounting: 'mm' }, { memory: 'anon' }, { variant: 'rfc-v1', remap: 'different' }]) {
      configs.push({ ramBlocks: 2, handover, ...extra });
    }
  }
  configs.push({ backend: 'vfio-type1', variant: 'v5.12', ramBlocks: 2 }, { backend: 'vfio-type1', variant: 'v6.3', ramBlocks: 2, handover: 'fork-exec' });

  it(`finds the same verdicts and violated invariants with fewer states, over ${configs.length} configurations`, async () => {
    let smaller = 0;
    for (const params of configs) {
      const plain = await check(liveUpdate, { params });
      const reduced = await check(liveUpdate, { params, symmetry: true });
      const what = (r: typeof plain) => `${r.verdict} ${r.violations[0]?.id ?? ''}`;
      expect(what(reduced), JSON.stringify(params)).to.equal(what(plain));
      if (plain.verdict === 'violation') expect(reduced.violations[0]!.trace.length, JSON.stringify(params)).to.equal(plain.violations[0]!.trace.length);
      expect(reduced.stats.distinct, JSON.stringify(params)).to.be.at.most(plain.stats.distinct);
      if (reduced.stats.distinct < plain.stats.distinct) smaller++;
    }
    expect(smaller).to.be.greaterThan(configs.length / 2);
  });

  it('reduces the largest of them by about a quarter (mainline, fork-exec, hot-plug: 194 -> 141 states)', async () => {
    const params = { ramBlocks: 2, handover: 'fork-exec', hotplug: true };
    const [plain, reduced] = [await check(liveUpdate, { params }), await check(liveUpdate, { params, symmetry: true })];
    expect([plain.stats.distinct, reduced.stats.distinct]).to.deep.equal([194, 141]);
  });

  it('identifies nothing when an mdev breaks the symmetry (it works on the first block)', async () => {
    const params = { ramBlocks: 2, mdev: true };
    const [plain, reduced] = [await check(liveUpdate, { params }), await check(liveUpdate, { params, symmetry: true })];
    expect(reduced.stats.distinct).to.equal(plain.stats.distinct);
  });
});
