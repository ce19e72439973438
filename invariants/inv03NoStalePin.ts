import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';
import { activeBugs } from '../machines/params.ts';
import { translationMm } from '../machines/type1.ts';

export const INV_3: Invariant = {
  id: 'INV-3',
  title: 'no pin through a stale vaddr',
  description:
    'every pinned page is the memory object the VMM mapped at that IOVA (a USER pin goes through the recorded mm and fails if it is dead, a FILE pin through the file); in type1 a valid vaddr is translated only in the mm it was registered in',
  source: 'kernel-reference.md 4 INV-3; S2 pfn_reader_user_pin; S9 vfio_pin_page_external (pre-fix get_task_mm)',
  check: (s, p) => {
    const k = stateOf(s);
    for (const [mapping, area] of Object.entries(k.areas)) {
      const pagesId = area.pages ?? area.pending;
      const p = pagesId ? k.pages[pagesId] : undefined;
      const intended = k.intended[mapping] ?? p?.file ?? undefined;
      if (p?.pinnedObj && intended !== undefined && p.pinnedObj !== intended) {
        return `${pagesId} at IOVA ${mapping} pins ${p.pinnedObj}, but ${intended} was mapped there (source ${p.source_mm}, uptr ${p.uptr})`;
      }
    }
    // type1: a valid vaddr is translated in the mm it was registered in, never another one.
    const plan = { bugs: activeBugs(p), handover: p.handover as 'exec' | 'fork-exec' | 'scm-rights' };
    for (const [mapping, dma] of Object.entries(k.container.dmas)) {
      if (dma.vaddr_invalid) continue;
      const mm = translationMm(k, plan, mapping);
      if (mm !== dma.vaddrMm) {
        return `dma ${mapping}: vaddr ${dma.vaddr} was registered in ${dma.vaddrMm}, but the kernel translates it in ${mm ?? 'no mm (the task exited)'}`;
      }
    }
    return true;
  },
};
