// The invariants of the live-update model, in the order they are checked (its progress
// properties, LIV-1 among them, are in progress.ts).
import { INV_1 } from './inv01NoDmaToUnpinned.ts';
import { INV_2 } from './inv02PinOnce.ts';
import { INV_3 } from './inv03NoStalePin.ts';
import { INV_4 } from './inv04SameObject.ts';
import { INV_5 } from './inv05Conservation.ts';
import { INV_6 } from './inv06NoUnderflow.ts';
import { INV_7 } from './inv07AtomicChange.ts';
import { INV_9 } from './inv09NoHalfBuiltArea.ts';
import { INV_10 } from './inv10NoLeak.ts';
import { INV_11 } from './inv11FileOnlyChange.ts';
import { SERVICE } from './service.ts';
import { INV_8 } from './inv08AtomicFailure.ts';
import { INV_12 } from './inv12WindowDiscipline.ts';
import { INV_13 } from './inv13PromiseKept.ts';
import { LIV_4 } from './liv4Revalidate.ts';

export const INVARIANTS = [INV_9, INV_6, INV_1, INV_2, INV_3, INV_4, INV_5, INV_7, INV_8, INV_13, INV_11, INV_12, INV_10, SERVICE, LIV_4];
