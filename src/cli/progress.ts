import type { SearchObserver, SearchStats } from '../search/SearchOutcome.ts';
import { formatCount, formatDuration, formatMiB } from '../report/formatNumber.ts';
import type { Io } from './Io.ts';

/** The bounds of a run, when it has any: the only totals a progress bar can honestly measure against. */
export interface ProgressBounds {
  readonly maxStates?: number;
  readonly timeLimitMs?: number;
}

/** Runs shorter than this print no progress at all. */
export const QUIET_MS = 1000;
/** A TTY line is redrawn at most this often. */
export const TTY_EVERY_MS = 250;
/** A plain (non-TTY) line is printed at most this often, so CI logs stay short. */
export const PLAIN_EVERY_MS = 5000;

const BAR_WIDTH = 20;
const SPINNER = ['|', '/', '-', '\\'];

/**
 * The figures of a progress line: states, states/s, depth, frontier (states waiting to be
 * expanded), elapsed time, and memory: the process's when `memoryBytes` is given, else the
 * visited set's. Pure.
 */
export function progressLine(stats: Readonly<SearchStats>, memoryBytes: number | undefined): string {
  const rate = stats.elapsedMs > 0 ? (stats.distinct / stats.elapsedMs) * 1000 : 0;
  const memory = memoryBytes === undefined ? `visited set ${formatMiB(stats.storeBytes)}` : `memory ${formatMiB(memoryBytes)}`;
  return `${formatCount(stats.distinct)} states, ${formatCount(rate)} states/s, depth ${stats.maxDepth}, frontier ${formatCount(stats.queue)}, ${formatDuration(stats.elapsedMs)}, ${memory}`;
}

/**
 * How far the run is towards its nearest bound (`--max-states`, `--time-limit`), from 0 to 1;
 * undefined when it has none: an exhaustive search does not know its total, so no bar is drawn.
 */
export function boundFraction(stats: Readonly<SearchStats>, bounds: ProgressBounds): number | undefined {
  const parts = [
    bounds.maxStates !== undefined && Number.isFinite(bounds.maxStates) ? stats.distinct / bounds.maxStates : undefined,
    bounds.timeLimitMs !== undefined && Number.isFinite(bounds.timeLimitMs) ? stats.elapsedMs / bounds.timeLimitMs : undefined,
  ].filter((p): p is number => p !== undefined);
  return parts.length ? Math.min(1, Math.max(...parts)) : undefined;
}

/** `[=========>          ]  45%`. */
export function progressBar(fraction: number): string {
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = filled >= BAR_WIDTH ? '='.repeat(BAR_WIDTH) : `${'='.repeat(filled)}>${' '.repeat(BAR_WIDTH - filled - 1)}`;
  return `[${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

/**
 * Progress on stderr for long runs (silent for the first second). On a TTY, one line redrawn
 * in place (`\r`, clear line) at most 4 times a second: a bar towards the nearest bound when
 * the run has one, else a spinner, then the figures of `progressLine`, cut to the terminal's
 * width; `finish()` clears it. Elsewhere a plain `progress:` line at most every 5 seconds.
 * The clock, TTY-ness, width and memory all come from `io`, so tests drive it with a fake.
 */
export function progressObserver(io: Io, bounds: ProgressBounds = {}): SearchObserver & { finish(): void } {
  const tty = io.stderr.isTTY === true;
  const every = tty ? TTY_EVERY_MS : PLAIN_EVERY_MS;
  const start = io.now();
  let last = -Infinity;
  let frames = 0;
  let drawn = false;
  return {
    onProgress(stats: Readonly<SearchStats>) {
      const now = io.now();
      if (now - start < QUIET_MS || now - last < every) return;
      last = now;
      const line = progressLine(stats, io.memoryUsed?.());
      if (!tty) {
        io.stderr.write(`progress: ${line}\n`);
        return;
      }
      const fraction = boundFraction(stats, bounds);
      const lead = fraction === undefined ? SPINNER[frames++ % SPINNER.length]! : progressBar(fraction);
      const full = `${lead} ${line}`;
      const width = io.stderr.columns;
      // One column short of the width: a line filling the last column would wrap on some terminals.
      const fitted = width !== undefined && width > 1 && full.length >= width ? `${full.slice(0, width - 2)}…` : full;
      io.stderr.write(`\r\x1b[2K${fitted}`);
      drawn = true;
    },
    finish() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
