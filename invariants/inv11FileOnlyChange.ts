import type { Invariant } from 'lucheck';
import { stateOf } from './ctx.ts';

export const INV_11: Invariant = {
  id: 'INV-11',
  title: 'CHANGE_PROCESS only moves file-backed mappings',
  description:
    'in the merged design CHANGE_PROCESS is rejected (-EINVAL) while any non-FILE area exists: USER-VA mappings keep their pins after exec but cannot be handed over',
  source: 'kernel-reference.md 4 INV-11; 2.5 pass 1 (S1 iommufd_ioas_change_process, 829ed626499c)',
  check: (s, p) => {
    const k = stateOf(s);
    if (p.backend !== 'iommufd' || p.variant === 'rfc-v1' || k.lastChange?.ret !== '0') return true;
    const user = Object.entries(k.pages).find(([, pg]) => pg.type === 'user');
    return user ? `CHANGE_PROCESS succeeded although ${user[0]} is a USER-VA mapping` : true;
  },
};
