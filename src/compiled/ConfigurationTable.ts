import type { EventObject, StateValue } from 'xstate';
import { canonicalJson } from '../adapter/canonicalJson.ts';
import type { Fingerprint } from '../store/fingerprint.ts';
import type { CNode, CompiledMachine } from './compileMachine.ts';
import type { CompiledSnapshot, Configuration } from './CompiledSnapshot.ts';

/**
 * The configurations of one compiled system, each made once, when first met, and numbered in
 * that order. A configuration is found by its leaves (one per region): their places within
 * their regions, read as a number in mixed radix (each region's leaf count); where the product
 * of the counts passes 2^53 such a number would no longer be exact, and the leaves' text is
 * the key instead.
 */
export class ConfigurationTable {
  private readonly list: Configuration[] = [];
  private readonly byNumber = new Map<number, Configuration>();
  private readonly byText = new Map<string, Configuration>();
  private readonly place: readonly number[];
  private readonly regionSizes: readonly number[];
  private readonly exact: boolean;
  private readonly hasAlways: boolean;

  constructor(
    private readonly cm: CompiledMachine,
    private readonly seedOf: (valueKey: string) => Fingerprint,
    private readonly canTake: (s: CompiledSnapshot, e: EventObject) => boolean,
  ) {
    const regionCount = cm.initialLeaves.length;
    this.place = cm.leaves.map((l) => cm.leaves.filter((m) => m.region === l.region).indexOf(l));
    this.regionSizes = Array.from({ length: regionCount }, (_, r) => Math.max(1, cm.leaves.filter((l) => l.region === r).length));
    this.exact = this.regionSizes.reduce((p, n) => p * n, 1) <= Number.MAX_SAFE_INTEGER;
    this.hasAlways = cm.leaves.some((l) => l.path.some((n) => n.always.length > 0));
  }

  /** The configuration numbered `index`. */
  at(index: number): Configuration {
    return this.list[index]!;
  }

  /** The configuration of these leaves, made the first time. */
  of(leaves: readonly number[]): Configuration {
    let id = 0;
    let text = '';
    if (this.exact) for (let r = 0; r < leaves.length; r++) id = id * this.regionSizes[r]! + this.place[leaves[r]!]!;
    else text = leaves.join(',');
    const c = this.exact ? this.byNumber.get(id) : this.byText.get(text);
    if (c) return c;
    const made = this.make(leaves);
    if (this.exact) this.byNumber.set(id, made);
    else this.byText.set(text, made);
    return made;
  }

  /** The xstate state value of these leaves. */
  valueOf(leaves: readonly number[]): StateValue {
    const cm = this.cm;
    const chain = (leaf: CNode, stop: CNode['node']): StateValue => {
      const keys: string[] = [];
      for (let n: CNode['node'] | undefined = leaf.node; n && n !== stop; n = n.parent) keys.push(n.key);
      keys.reverse();
      let v: StateValue = keys[keys.length - 1]!;
      for (let i = keys.length - 2; i >= 0; i--) v = { [keys[i]!]: v };
      return v;
    };
    const root = cm.machine.root as unknown as CNode['node'];
    if (!cm.parallelRoot) return chain(cm.leaves[leaves[0]!]!, root);
    const value: Record<string, StateValue> = {};
    leaves.forEach((leaf, r) => {
      const regionRoot = root.states[cm.regions[r]!]!;
      value[cm.regions[r]!] = cm.leaves[leaf]!.node === regionRoot ? {} : chain(cm.leaves[leaf]!, regionRoot);
    });
    return value;
  }

  private make(leaves: readonly number[]): Configuration {
    const cm = this.cm;
    const value = this.valueOf(leaves);
    const root = cm.machine.root as unknown as CNode['node'];
    const isDoneIn = (leaf: CNode, top: CNode['node']) => leaf.node.type === 'final' && leaf.node.parent === top;
    const done = cm.parallelRoot
      ? leaves.every((l, r) => isDoneIn(cm.leaves[l]!, root.states[cm.regions[r]!]!))
      : isDoneIn(cm.leaves[leaves[0]!]!, root);
    const tags = new Set<string>();
    for (const l of leaves) for (const n of cm.leaves[l]!.path) for (const t of n.node.tags ?? []) tags.add(t);
    const valueKey = canonicalJson(value, 'value');
    const settles = !done && this.hasAlways && leaves.some((l) => cm.leaves[l]!.path.some((n) => n.always.length > 0));
    const c: Configuration = {
      index: this.list.length,
      leaves: Object.freeze([...leaves]),
      value,
      valueKey,
      status: done ? 'done' : 'active',
      tags,
      handlers: new Map(),
      alphabet: undefined,
      alphabetHandlers: [],
      seed: this.seedOf(valueKey),
      settles,
      machine: cm.machine,
      canTake: this.canTake,
    };
    this.list.push(c);
    return c;
  }
}
