/** What the CLI may touch of the outside world; `bin/lucheck.js` passes the real process. */
export interface Io {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly cwd: string;
  readonly now: () => number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resident memory of the process, in bytes (for --memory). */
  readonly memoryUsed?: () => number;
}
