import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_3: Invariant = {
  id: 'INV-3',
  title: 'no pin through a stale vaddr',
  description:
    'every pinned page is the memory object the VMM mapped at that IOVA: a USER pin goes through the recorded mm (and fails if it is dead), a FILE pin through the file; an address rewritten to another object must not be pinned',
  source: 'kernel-reference.md 4 INV-3; S2 pfn_reader_user_pin; S9 vfio_pin_page_external (pre-fix get_task_mm)',
  check: (s) => {
    const k = stateOf(s);
    for (const [mapping, area] of Object.entries(k.areas)) {
      const pagesId = area.pages ?? area.pending;
      const p = pagesId ? k.pages[pagesId] : undefined;
      const intended = k.intended[mapping] ?? p?.file ?? undefined;
      if (p?.pinnedObj && intended !== undefined && p.pinnedObj !== intended) {
        return `${pagesId} at IOVA ${mapping} pins ${p.pinnedObj}, but ${intended} was mapped there (source ${p.source_mm}, uptr ${p.uptr})`;
      }
    }
    return true;
  },
};
