import type { SearchConfig } from './SearchConfig.ts';
import type { IncompleteReason } from './SearchOutcome.ts';

/** Reads of the clock at most this far apart (ms) once the cadence has settled, and at least half of it. */
const AIM_MS = 20;
/** The most expansions between two reads of the clock. */
const MOST = 4096;

/**
 * How many expansions to let pass before the next look at the clock: doubling while looks come
 * less than AIM_MS / 2 apart, halving when they come more than 2 * AIM_MS apart, between 1 and
 * `most`. `due()` is called once per expansion and reads the clock only when a look is due.
 */
export class Cadence {
  private every = 1;
  private left = 1;
  private last: number;

  constructor(
    private readonly now: () => number,
    private readonly most = MOST,
  ) {
    this.last = now();
  }

  /** The time, when a look is due after this expansion; -1 otherwise. */
  due(): number {
    if (--this.left > 0) return -1;
    const t = this.now();
    const gap = t - this.last;
    this.last = t;
    if (gap < AIM_MS / 2) this.every = Math.min(this.most, this.every * 2);
    else if (gap > AIM_MS * 2) this.every = Math.max(1, this.every >> 1);
    this.left = this.every;
    return t;
  }
}

/**
 * When a search loop looks at the clock and the memory gauge, and what it finds there. Called
 * once per expanded state, it reads the clock only every `every` calls: doubling that while the
 * reads come less than AIM_MS / 2 apart, halving it when they come more than 2 * AIM_MS apart.
 * A time or memory budget is so honoured within some tens of milliseconds on a fast model, and
 * within one expansion on a slow one (a guard that takes seconds), at no measurable cost; a
 * count of expansions alone overshot by minutes on slow models.
 */
export class Pacer {
  private readonly cadence: Cadence;
  private lastYield: number;

  constructor(
    private readonly config: SearchConfig,
    private readonly start: number,
    /** Bytes held, when the config has no `memoryUsed` gauge (the visited set's own). */
    private readonly ownBytes: () => number,
  ) {
    this.lastYield = start;
    this.cadence = new Cadence(config.now);
  }

  /**
   * Undefined: go on. A reason: the search must stop, incomplete. 'yield': time to hand control
   * back to the caller (every `config.yieldEveryMs`), who may resume the search or stop it.
   */
  tick(): IncompleteReason | 'yield' | undefined {
    const t = this.cadence.due();
    if (t < 0) return undefined;
    const config = this.config;
    if (t - this.start >= config.timeLimitMs) return 'time-limit';
    if ((config.memoryUsed?.() ?? this.ownBytes()) > config.memoryBudgetBytes) return 'memory';
    if (t - this.lastYield >= config.yieldEveryMs) {
      this.lastYield = t;
      return 'yield';
    }
    return undefined;
  }
}
