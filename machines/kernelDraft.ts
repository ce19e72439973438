// A step's working copy of the kernel state, copied field by field as the step first reads
// each one: a field the step never touched (the type1 container in an iommufd step, the last
// CHANGE_PROCESS record in most steps) goes into the next state as the very object it was, so
// lucheck need not copy it, and hashes it once for all the successors of a state.
import { clone, type KernelState } from './kernelState.ts';

/** Every field of `KernelState`, in the order `initialState` writes them. */
const FIELDS = ['tasks', 'mms', 'users', 'ctx', 'areas', 'pages', 'container', 'ledger', 'intended', 'serviceBreak', 'ret', 'oops', 'atomicityBreak', 'lastChange', 'mdevWork'] as const;

// A field added to KernelState but not listed above is a type error here.
type Unlisted = Exclude<keyof KernelState, (typeof FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

const UNSET = Symbol('unset');

/** Equality of plain JSON data, key order aside (undefined-valued keys count as absent, as in JSON). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    if (!sameJson(x[k], y[k])) return false;
    n++;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}

class Draft {
  readonly slots: unknown[] = FIELDS.map(() => UNSET);
  constructor(readonly base: KernelState) {}

  /**
   * The state after the step: the fields it changed as they are now, the others (never read, or
   * read and left equal) as the very objects they were, so that lucheck stores and hashes only
   * what changed.
   */
  result(): KernelState {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < FIELDS.length; i++) {
      const v = this.slots[i];
      const was = this.base[FIELDS[i]!];
      out[FIELDS[i]!] = v === UNSET || sameJson(v, was) ? was : v;
    }
    return out as unknown as KernelState;
  }
}

FIELDS.forEach((field, i) => {
  Object.defineProperty(Draft.prototype, field, {
    get(this: Draft) {
      const v = this.slots[i];
      return v !== UNSET ? v : (this.slots[i] = clone(this.base[field]));
    },
    set(this: Draft, v: unknown) {
      this.slots[i] = v;
    },
  });
});

/**
 * Runs `fn` on a draft of `base` and returns the state it leaves; `base` is never changed.
 * The draft has exactly the fields of `KernelState`.
 */
export function withDraft(base: KernelState, fn: (k: KernelState) => void): KernelState {
  const draft = new Draft(base);
  fn(draft as unknown as KernelState);
  return draft.result();
}
