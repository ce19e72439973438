/** What the CLI may touch of the outside world; `bin/lucheck.js` passes the real process. */
export interface Io {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  /** `isTTY` and `columns` (set by Node on a terminal) choose and fit the live progress line. */
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly cwd: string;
  /** Milliseconds from an arbitrary origin; injected so progress and time limits are testable. */
  readonly now: () => number;
  /** The environment (e.g. `GITHUB_STEP_SUMMARY`); nothing else in the CLI reads `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resident memory of the process, in bytes (for --memory). */
  readonly memoryUsed?: () => number;
  /**
   * Calls `handler` with the signal's name on the first SIGINT or SIGTERM (a second one ends the
   * process at once, 130 or 143); returns the function that stops listening.
   */
  readonly onInterrupt?: (handler: (signal: string) => void) => () => void;
}
