// A step's working copy of the kernel state, copied field by field as the step first reads
// each one: a field the step never touched (the type1 container in an iommufd step, the last
// CHANGE_PROCESS record in most steps) goes into the next state as the very object it was, so
// lucheck need not copy it, and hashes it once for all the successors of a state.
//
// The draft also says what the step's result depends on: the fields it read (in the order it
// first read them), the fields it set without reading, and the return values it recorded in
// `ret` by actor without reading the others'. `StepMemo` keys on exactly that.
import { clone, type KernelState } from './kernelState.ts';

/** Every field of `KernelState`, in the order `initialState` writes them. */
export const FIELDS = ['tasks', 'mms', 'users', 'ctx', 'areas', 'pages', 'container', 'ledger', 'intended', 'serviceBreak', 'ret', 'oops', 'atomicityBreak', 'promiseBreak', 'lastChange', 'mdevWork'] as const;

// A field added to KernelState but not listed above is a type error here.
type Unlisted = Exclude<keyof KernelState, (typeof FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** `ret`: every step records its actor's return value there (`record`), and none reads another actor's. */
const RET = FIELDS.indexOf('ret');

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

/** `base` with `entries` written over it; `base` itself when they change nothing. */
export function withEntries(base: Record<string, string>, entries: Readonly<Record<string, string>>): Record<string, string> {
  for (const k in entries) if (base[k] !== entries[k]) return { ...base, ...entries };
  return base;
}

/**
 * `v` (the draft's own copy) with every entry that equals the one `was` holds under the same key
 * replaced by that very object, all the way down: what a step did not change stays shared with
 * the state before, so it is hashed and stored once.
 */
function shareFrom(v: unknown, was: unknown): unknown {
  if (typeof v !== 'object' || v === null || typeof was !== 'object' || was === null || Array.isArray(v) !== Array.isArray(was)) return v;
  const o = v as Record<string, unknown>;
  const w = was as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (typeof x !== 'object' || x === null || !Object.hasOwn(w, k)) continue;
    o[k] = sameJson(x, w[k]) ? w[k] : shareFrom(x, w[k]);
  }
  return v;
}

export class Draft {
  readonly slots: unknown[] = FIELDS.map(() => UNSET);
  /** The fields the step read, in the order it first read them. */
  readonly reads: number[] = [];
  /** The fields the step set before (or without) reading them. */
  readonly written: number[] = [];
  /** `ret` entries the step wrote without reading `ret`, by actor. */
  readonly retEntries: Record<string, string> = {};
  /** `ret` as a whole, once the step read it (any access but writing or re-reading its own entries). */
  private retWhole: Record<string, string> | undefined;
  private retView: Record<string, string> | undefined;

  constructor(readonly base: KernelState) {}

  read(i: number): unknown {
    const v = this.slots[i];
    if (v !== UNSET) return v;
    if (i === RET) return (this.slots[i] = this.retRecorder());
    this.reads.push(i);
    return (this.slots[i] = clone(this.base[FIELDS[i]!]));
  }

  write(i: number, v: unknown): void {
    const was = this.slots[i];
    if (v !== undefined && v === this.retView) return; // `k.ret = k.ret`
    // set before it was read: `ret` too when only entries were recorded (they are replaced)
    if ((was === UNSET || (was === this.retView && this.retWhole === undefined)) && !this.written.includes(i)) this.written.push(i);
    this.slots[i] = v;
  }

  /**
   * `ret` as the step sees it: writes of an entry and reads of entries it wrote are recorded
   * without reading the others; anything else reads `ret` whole (a dependency from then on).
   */
  private retRecorder(): Record<string, string> {
    const entries = this.retEntries;
    const whole = (): Record<string, string> => {
      if (this.retWhole === undefined) {
        this.reads.push(RET);
        this.retWhole = Object.assign(clone(this.base.ret), entries);
      }
      return this.retWhole;
    };
    this.retView = new Proxy(entries, {
      get: (_t, key) => (this.retWhole === undefined && typeof key === 'string' && Object.hasOwn(entries, key) ? entries[key] : Reflect.get(whole(), key)),
      set: (_t, key, v) => {
        if (this.retWhole === undefined && typeof key === 'string' && typeof v === 'string') entries[key] = v;
        else Reflect.set(whole(), key, v);
        return true;
      },
      has: (_t, key) => Reflect.has(whole(), key),
      ownKeys: () => Reflect.ownKeys(whole()),
      getOwnPropertyDescriptor: (_t, key) => {
        const d = Reflect.getOwnPropertyDescriptor(whole(), key);
        return d && { ...d, configurable: true };
      },
      deleteProperty: (_t, key) => Reflect.deleteProperty(whole(), key),
      defineProperty: (_t, key, d) => Reflect.defineProperty(whole(), key, d),
    });
    return this.retView;
  }

  /** Whether the step did nothing to `ret` but record entries by actor. */
  retByEntries(): boolean {
    return this.slots[RET] === this.retView && this.retWhole === undefined;
  }

  /**
   * The state after the step: the fields it changed as they are now, the others (never read, or
   * read and left equal) as the very objects they were, so that lucheck stores and hashes only
   * what changed.
   */
  result(): KernelState {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < FIELDS.length; i++) {
      let v = this.slots[i];
      const was = this.base[FIELDS[i]!];
      if (i === RET && v === this.retView) {
        if (this.retWhole === undefined) {
          out.ret = withEntries(was as Record<string, string>, this.retEntries);
          continue;
        }
        v = this.retWhole;
      }
      out[FIELDS[i]!] = v === UNSET || sameJson(v, was) ? was : shareFrom(v, was);
    }
    return out as unknown as KernelState;
  }
}

FIELDS.forEach((field, i) => {
  Object.defineProperty(Draft.prototype, field, {
    get(this: Draft) {
      return this.read(i);
    },
    set(this: Draft, v: unknown) {
      this.write(i, v);
    },
  });
});

/**
 * Runs `fn` on a draft of `base` and returns the draft after it; `base` is never changed.
 * The draft has exactly the fields of `KernelState`.
 */
export function runDraft(base: KernelState, fn: (k: KernelState) => void): Draft {
  const draft = new Draft(base);
  fn(draft as unknown as KernelState);
  return draft;
}

/** Runs `fn` on a draft of `base` and returns the state it leaves; `base` is never changed. */
export function withDraft(base: KernelState, fn: (k: KernelState) => void): KernelState {
  return runDraft(base, fn).result();
}
