import { ValueQueue } from '../store/ValueQueue.ts';
import type { ValueDictionary } from '../store/ValueDictionary.ts';
import type { ChunkSpill } from '../store/ChunkSpill.ts';
import type { ChunkPool } from '../store/ChunkPool.ts';
import type { StateCodec } from './TransitionSystem.ts';

/** One level of a breadth-first search: states with their numbers, first in first out. */
export interface Frontier<S> {
  push(id: number, state: S): void;
  /** The next state; its number is then `lastId`. */
  shift(): S;
  readonly lastId: number;
  readonly length: number;
  /** Bytes of typed-array data held in memory (0 for live objects, whose size the heap knows). */
  readonly bytes: number;
  /** Bytes written to disk so far. */
  readonly spilled: number;
  /** Frees what the level still holds (its spill file). */
  dispose(): void;
}

/** States as live objects, for systems without a codec. */
export class ObjectFrontier<S> implements Frontier<S> {
  private states: (S | undefined)[] = [];
  private ids: number[] = [];
  private read = 0;
  lastId = -1;
  get length(): number {
    return this.states.length - this.read;
  }
  get bytes(): number {
    return 0;
  }
  get spilled(): number {
    return 0;
  }
  dispose(): void {}
  push(id: number, state: S): void {
    this.states.push(state);
    this.ids.push(id);
  }
  shift(): S {
    const i = this.read++;
    const s = this.states[i]!;
    this.states[i] = undefined; // let the expanded state be collected
    this.lastId = this.ids[i]!;
    return s;
  }
}

/** Where an `EncodedFrontier` keeps its chunks: a spill for what passes `memoryBudgetBytes` in memory, and a pool its chunks come from and go back to. */
export interface FrontierStorage {
  readonly spill?: ChunkSpill;
  readonly memoryBudgetBytes?: number;
  readonly pool?: ChunkPool;
}

/** States written through the system's codec into a `ValueQueue`: a few bytes a value, no objects kept alive; the levels of one search may share a pool of chunks. */
export class EncodedFrontier<S> implements Frontier<S> {
  private readonly queue: ValueQueue;
  lastId = -1;
  constructor(
    private readonly codec: StateCodec<S>,
    dict: ValueDictionary,
    storage: FrontierStorage = {},
  ) {
    this.queue = new ValueQueue(dict, storage.spill, storage.memoryBudgetBytes, storage.pool);
  }
  get length(): number {
    return this.queue.length;
  }
  get bytes(): number {
    return this.queue.bytes;
  }
  get spilled(): number {
    return this.queue.spilled;
  }
  dispose(): void {
    this.queue.dispose();
  }
  push(id: number, state: S): void {
    this.queue.writeNumber(id);
    this.codec.write(state, this.queue);
    this.queue.endRecord();
  }
  shift(): S {
    this.queue.startRead();
    this.lastId = this.queue.readNumber();
    return this.codec.read(this.queue);
  }
}
