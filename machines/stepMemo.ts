// Memoised steps, as LTSmin caches a transition group's result by the part of the state vector
// it reads: a step's result depends only on its event and the kernel-state fields it read
// (copied into its draft), so two states that agree on those fields get the same changes. The
// live-update state space is a product of many actors' local states over a kernel state with
// few distinct values per field, so almost every step after the first few thousand is a lookup.
import type { KernelState } from './kernelState.ts';
import { FIELDS, runDraft, withEntries } from './kernelDraft.ts';

/**
 * Numbers for field values: equal numbers mean equal plain JSON data (the same object, or the
 * same JSON text). An object is numbered once by identity; contexts are immutable (xstate's
 * rule, and every step works on a copy), so its text never changes. Ids are never reused:
 * when the table of texts is full it starts afresh and old ids simply stop matching.
 */
export class ValueIds {
  private objects = new WeakMap<object, number>();
  private texts = new Map<string, number>();
  private next = 0;

  of(v: unknown): number {
    if (typeof v === 'object' && v !== null) {
      let id = this.objects.get(v);
      if (id === undefined) this.objects.set(v, (id = this.text(JSON.stringify(v))));
      return id;
    }
    // JSON of an object starts with { or [; these cannot
    return this.text(typeof v === 'string' ? `s${v}` : String(v));
  }

  private text(t: string): number {
    let id = this.texts.get(t);
    if (id === undefined) {
      if (this.texts.size >= TEXT_LIMIT) {
        this.texts = new Map();
        this.objects = new WeakMap();
      }
      this.texts.set(t, (id = this.next++));
    }
    return id;
  }
}

const TEXT_LIMIT = 1 << 20;
/** Results kept per step; past it, a new combination is computed and not kept. */
const LEAF_LIMIT = 1 << 18;

/** What the step did: the fields it set, with their new values, and the `ret` entries it recorded. */
interface Leaf {
  readonly field: -1;
  readonly names: readonly string[];
  readonly values: readonly unknown[];
  readonly ret: Readonly<Record<string, string>> | null;
}

/** The fields `leaf` changes in `base`, as an xstate `assign` returns them (merged over the context). */
function changes(leaf: Leaf, base: KernelState): Partial<KernelState> {
  const out: Record<string, unknown> = {};
  for (let j = 0; j < leaf.names.length; j++) out[leaf.names[j]!] = leaf.values[j];
  if (leaf.ret !== null) {
    const ret = withEntries(base.ret, leaf.ret);
    if (ret !== base.ret) out.ret = ret;
  }
  return out as Partial<KernelState>;
}
/** The next field the step reads, and where each of its values leads; and the last object met there, with where it led. */
interface Branch {
  readonly field: number;
  readonly name: (typeof FIELDS)[number];
  readonly next: Map<number, Node>;
  lastSeen: unknown;
  lastNode: Node | undefined;
}
type Node = Leaf | Branch;

export class StepMemo {
  /** Per event: a decision tree over the fields the step reads, in the order it reads them. */
  private readonly roots = new Map<string, Node>();
  private leaves = 0;
  hits = 0;
  misses = 0;

  /** `keep`: whether results are kept and looked up at all. */
  constructor(
    private readonly ids: ValueIds,
    private readonly keep = true,
  ) {}

  /**
   * The fields `fn` changes when run on a draft of `base` (`fn` gets `base` too, to compare
   * against), to be merged over `base` as xstate merges what an `assign` returns: looked up
   * when a state that agreed on every field `fn` read has been stepped with the same event,
   * computed and kept otherwise. `fn` must be a function of the draft and the event alone (no
   * state of its own across calls), as every xstate action must.
   */
  run(base: KernelState, eventKey: string, fn: (k: KernelState, base: KernelState) => void): Partial<KernelState> {
    let node = this.roots.get(eventKey);
    while (node !== undefined && node.field >= 0) {
      const branch = node as Branch;
      const v = base[branch.name];
      if (v === branch.lastSeen && branch.lastNode !== undefined) node = branch.lastNode;
      else {
        node = branch.next.get(this.ids.of(v));
        if (node !== undefined) {
          branch.lastSeen = v;
          branch.lastNode = node;
        }
      }
    }
    if (node !== undefined) {
      this.hits++;
      return changes(node as Leaf, base);
    }
    this.misses++;
    const draft = runDraft(base, (k) => fn(k, base));
    const result = draft.result();
    // The leaf: read fields the step changed, and fields it set without reading (whatever they
    // were in `base`, which the key does not pin down).
    const names: string[] = [];
    const values: unknown[] = [];
    for (const i of draft.reads) {
      if (result[FIELDS[i]!] === base[FIELDS[i]!]) continue;
      names.push(FIELDS[i]!);
      values.push(result[FIELDS[i]!]);
    }
    for (const i of draft.written) {
      if (draft.reads.includes(i)) continue;
      names.push(FIELDS[i]!);
      values.push(result[FIELDS[i]!]);
    }
    const leaf: Leaf = { field: -1, names, values, ret: draft.retByEntries() && Object.keys(draft.retEntries).length > 0 ? { ...draft.retEntries } : null };
    const partial = changes(leaf, base);
    if (!this.keep || this.leaves >= LEAF_LIMIT) return partial;
    // The path: each field read, in order, and its value's number. A tree that disagrees with
    // the path (the step read something else after the same values) would mean the step is not
    // a function of what it read; the result is then not kept.
    let parent: Map<string, Node> | Map<number, Node> = this.roots;
    let key: string | number = eventKey;
    for (const i of draft.reads) {
      let at: Node | undefined = (parent as Map<string | number, Node>).get(key);
      if (at === undefined) (parent as Map<string | number, Node>).set(key, (at = { field: i, name: FIELDS[i]!, next: new Map(), lastSeen: undefined, lastNode: undefined }));
      if (at.field !== i) return partial;
      parent = (at as Branch).next;
      key = this.ids.of(base[FIELDS[i]!]);
    }
    if ((parent as Map<string | number, Node>).has(key)) return partial;
    (parent as Map<string | number, Node>).set(key, leaf);
    this.leaves++;
    return partial;
  }
}
