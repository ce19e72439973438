import { ValueStack } from '../store/ValueStack.ts';
import type { ValueDictionary } from '../store/ValueDictionary.ts';
import type { StateCodec } from './TransitionSystem.ts';

/** A depth-first search's stack of states waiting to be expanded, each with its number and depth, last in first out. */
export interface SearchStack<S> {
  push(id: number, depth: number, state: S): void;
  /** The last state pushed; its number and depth are then `lastId` and `lastDepth`. */
  pop(): S;
  readonly lastId: number;
  readonly lastDepth: number;
  readonly length: number;
}

/** States as live objects, for systems without a codec. */
export class ObjectStack<S> implements SearchStack<S> {
  private readonly states: S[] = [];
  private readonly ids: number[] = [];
  private readonly depths: number[] = [];
  lastId = -1;
  lastDepth = -1;
  get length(): number {
    return this.states.length;
  }
  push(id: number, depth: number, state: S): void {
    this.states.push(state);
    this.ids.push(id);
    this.depths.push(depth);
  }
  pop(): S {
    this.lastId = this.ids.pop()!;
    this.lastDepth = this.depths.pop()!;
    return this.states.pop()!;
  }
}

/** States written through the system's codec into a `ValueStack`: a few bytes a value, no objects kept alive while they wait. */
export class EncodedStack<S> implements SearchStack<S> {
  private readonly stack: ValueStack;
  lastId = -1;
  lastDepth = -1;
  constructor(
    private readonly codec: StateCodec<S>,
    dict: ValueDictionary,
  ) {
    this.stack = new ValueStack(dict);
  }
  get length(): number {
    return this.stack.length;
  }
  push(id: number, depth: number, state: S): void {
    const q = this.stack;
    q.begin();
    q.writeNumber(id);
    q.writeNumber(depth);
    this.codec.write(state, q);
  }
  pop(): S {
    const q = this.stack;
    q.pop();
    this.lastId = q.readNumber();
    this.lastDepth = q.readNumber();
    return this.codec.read(q);
  }
}
