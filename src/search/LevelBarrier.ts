/**
 * The end of a level among the parts of a parallel breadth-first search, in shared memory, so
 * that the parts go from one level to the next without a round trip of messages through another
 * thread. Each part, out of states, writes its figures (`publish`) and `arrive`s; all but the
 * last `wait`. The last reads everyone's figures (`figuresOf`), decides whether the next level
 * runs at once and with what budget (`release`), and wakes the others.
 *
 * Pure: the caller (src/cli/parallel) gives each thread the same buffer.
 */

/** Words: levels ended, parts arrived at the current level's end, whether the next level runs. */
const GEN = 0;
const OUT = 1;
const GO = 2;
const WORDS = 3;
/** Where the figures begin, in bytes: past the words, at a multiple of 8. */
const FIGURES_AT = 16;

/** A part's figures at the end of its share of a level, as the decider reads them. */
export interface PartFigures {
  /** States of the next level this part holds. */
  readonly nextSize: number;
  /** States this part stored (added first to the set), in all. */
  readonly distinct: number;
  /** The most enabled events of one state this part has expanded. */
  readonly maxFanout: number;
  /** States this part expanded in this level. */
  readonly expanded: number;
  /** It cannot go on without its caller: it paused for a bigger set, found a violation or deadlock, or was interrupted. */
  readonly halted: boolean;
}

/** What the decider of a level wrote for all: each part's budget of new states, the most new states per expanded state of any level so far, the states stored in all. */
export interface LevelPlan {
  readonly budget: number;
  readonly newPerExpanded: number;
  readonly distinct: number;
}

const FIELDS = 5;
const PLAN = 3;

/** Looks at the level count before a part sleeps on it: tens of microseconds, about a futex wake-up here. */
const SPINS = 4000;
/** The longest sleep between two looks (ms): `release` wakes the sleepers; this only bounds a wait the thread's termination must interrupt. */
const NAP_MS = 50;

export class LevelBarrier {
  private readonly words: Int32Array;
  private readonly figures: Float64Array;

  /** A buffer for `workers` parts: no level has ended, nobody has arrived. */
  static allocate(workers: number): SharedArrayBuffer {
    return new SharedArrayBuffer(FIGURES_AT + 8 * (FIELDS * workers + PLAN));
  }

  constructor(
    buffer: SharedArrayBuffer,
    readonly workers: number,
    readonly index: number,
  ) {
    this.words = new Int32Array(buffer, 0, WORDS);
    this.figures = new Float64Array(buffer, FIGURES_AT, FIELDS * workers + PLAN);
  }

  /** How many levels have ended. */
  get level(): number {
    return Atomics.load(this.words, GEN);
  }

  /** Writes this part's figures for the decider (before `arrive`). */
  publish(f: PartFigures): void {
    const at = FIELDS * this.index;
    const g = this.figures;
    g[at] = f.nextSize;
    g[at + 1] = f.distinct;
    g[at + 2] = f.maxFanout;
    g[at + 3] = f.expanded;
    g[at + 4] = f.halted ? 1 : 0;
  }

  figuresOf(w: number): PartFigures {
    const at = FIELDS * w;
    const g = this.figures;
    return { nextSize: g[at]!, distinct: g[at + 1]!, maxFanout: g[at + 2]!, expanded: g[at + 3]!, halted: g[at + 4] === 1 };
  }

  /** This part is done with the level. True when it is the last: it must then `release` the others; otherwise it `wait`s. */
  arrive(): boolean {
    return Atomics.add(this.words, OUT, 1) + 1 === this.workers;
  }

  /** Waits until level `level` (the `level` read before `arrive`) is over. */
  wait(level: number): void {
    const words = this.words;
    for (let spin = 0; Atomics.load(words, GEN) === level; spin++) if (spin >= SPINS) Atomics.wait(words, GEN, level, NAP_MS);
  }

  /** The last part ends the level: `go` says whether the next one runs at once, with `plan`. The others wake. */
  release(go: boolean, plan: LevelPlan): void {
    const at = FIELDS * this.workers;
    this.figures[at] = plan.budget;
    this.figures[at + 1] = plan.newPerExpanded;
    this.figures[at + 2] = plan.distinct;
    Atomics.store(this.words, GO, go ? 1 : 0);
    Atomics.store(this.words, OUT, 0);
    Atomics.add(this.words, GEN, 1);
    Atomics.notify(this.words, GEN);
  }

  /** Whether the level that ended last lets the next run at once. */
  get go(): boolean {
    return Atomics.load(this.words, GO) === 1;
  }

  /** What the decider of the level that ended last wrote for all. */
  get plan(): LevelPlan {
    const at = FIELDS * this.workers;
    return { budget: this.figures[at]!, newPerExpanded: this.figures[at + 1]!, distinct: this.figures[at + 2]! };
  }
}
