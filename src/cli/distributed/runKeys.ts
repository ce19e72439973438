// The Redis keys of one distributed run, all under `lucheck:RUN:` (one run's keys can be listed
// and removed together: redis-cli --scan --pattern 'lucheck:RUN:*').

export interface RunKeys {
  /** The run's identity (model, parameters, options), its command and its start (Redis time): JSON. */
  readonly meta: string;
  /** Set for the first lease period of the run: until it expires, a process claims one partition only. */
  readonly joining: string;
  /** The processes of the run, each scored with its last heartbeat (Redis time, ms): how many share the partitions. */
  readonly alive: string;
  /** The result (a CheckResult as JSON), set once by the first process to reach the end. */
  readonly result: string;
  /** Who works on partition p: a process's token, with an expiry the process keeps renewing. */
  lease(p: number): string;
  /** Partition p's inbox of level L: a list of batches of candidate states. */
  inbox(level: number, p: number): string;
  /** Partition p's stored states: a list with one entry per committed level. */
  stored(p: number): string;
  /** Partition p has committed level L: its figures (JSON). */
  done(level: number, p: number): string;
}

export function runKeys(run: string): RunKeys {
  const k = (s: string) => `lucheck:${run}:${s}`;
  return {
    meta: k('meta'),
    joining: k('joining'),
    alive: k('alive'),
    result: k('result'),
    lease: (p) => k(`lease:${p}`),
    inbox: (level, p) => k(`in:${level}:${p}`),
    stored: (p) => k(`stored:${p}`),
    done: (level, p) => k(`done:${level}:${p}`),
  };
}
