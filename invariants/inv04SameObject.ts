import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_4: Invariant = {
  id: 'INV-4',
  title: 'a handed-over address names the same memory object',
  description:
    'after a VA-based update (RFC V1 CHANGE_PROCESS, type1 MAP_FLAG_VADDR) the new (mm, vaddr) must map the object originally mapped; the kernel does not check it (a user-space obligation, reported apart from kernel bugs)',
  source: 'kernel-reference.md 4 INV-4; S9 uAPI of VFIO_DMA_MAP_FLAG_VADDR ("the updated vaddr must address the same memory object")',
  check: (s) => {
    const k = stateOf(s);
    for (const [mapping, area] of Object.entries(k.areas)) {
      const p = area.pages ? k.pages[area.pages] : undefined;
      if (!p || p.type !== 'user') continue;
      const mm = k.mms[p.source_mm]!;
      if (!mm.alive) continue;
      const now = mm.vmas[p.uptr!];
      if (now !== k.intended[mapping]) {
        return `IOVA ${mapping} now resolves through ${p.source_mm}@${p.uptr} to ${now ?? 'nothing'}, but ${k.intended[mapping]} was mapped there`;
      }
    }
    for (const [mapping, dma] of Object.entries(k.container.dmas)) {
      if (dma.vaddr_invalid) continue;
      const mm = k.mms[dma.mm]!;
      if (!mm.alive) continue;
      const now = mm.vmas[dma.vaddr];
      if (now !== k.intended[mapping]) {
        return `IOVA ${mapping} now resolves through ${dma.mm}@${dma.vaddr} to ${now ?? 'nothing'}, but ${k.intended[mapping]} was mapped there`;
      }
    }
    return true;
  },
};
