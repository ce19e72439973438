import { expect } from 'chai';
import { check } from 'lucheck';
import { safetyOnly } from './helpers.ts';

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
      const plain = await check(safetyOnly, { params });
      const reduced = await check(safetyOnly, { params, symmetry: true });
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
    const [plain, reduced] = [await check(safetyOnly, { params }), await check(safetyOnly, { params, symmetry: true })];
    expect([plain.stats.distinct, reduced.stats.distinct]).to.deep.equal([194, 141]);
  });

  it('identifies nothing when an mdev breaks the symmetry (it works on the first block)', async () => {
    const params = { ramBlocks: 2, mdev: true };
    const [plain, reduced] = [await check(safetyOnly, { params }), await check(safetyOnly, { params, symmetry: true })];
    expect(reduced.stats.distinct).to.equal(plain.stats.distinct);
  });
});

describe('live-update symmetry reduction (in-kernel clients on the same block)', () => {
  const configs: Record<string, unknown>[] = [
    { mdev: true, accesses: 3 },
    { mdev: true, accesses: 4, ramBlocks: 2, handover: 'scm-rights' },
    { mdev: true, accesses: 3, hotplug: true, handover: 'fork-exec' },
    { variant: 'rfc-v1', mdev: true, device: false, accesses: 3 },
    { variant: 'v6.13', hotplug: true, mdev: true, accesses: 2 },
    { memory: 'anon', mdev: true, device: false, accesses: 3 },
  ];

  it(`finds the same verdicts, violated invariants and trace lengths with fewer states, over ${configs.length} configurations`, async () => {
    for (const params of configs) {
      const plain = await check(safetyOnly, { params });
      const reduced = await check(safetyOnly, { params, symmetry: true });
      const what = (r: typeof plain) => `${r.verdict} ${r.violations[0]?.id ?? ''} ${r.violations[0]?.trace.length ?? ''}`;
      expect(what(reduced), JSON.stringify(params)).to.equal(what(plain));
      expect(reduced.stats.distinct, JSON.stringify(params)).to.be.below(plain.stats.distinct);
    }
  });

  it('reduces three accesses on one block by about four (mainline, fork-exec, hot-plug: 31,991 -> 7,962 states)', async () => {
    const params = { mdev: true, accesses: 3, hotplug: true, handover: 'fork-exec' };
    const [plain, reduced] = [await check(safetyOnly, { params }), await check(safetyOnly, { params, symmetry: true })];
    expect([plain.stats.distinct, reduced.stats.distinct]).to.deep.equal([31_991, 7_962]);
  });
});
