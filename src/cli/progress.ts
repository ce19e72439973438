import type { SearchObserver, SearchStats } from '../search/SearchOutcome.ts';
import { formatCount, formatDuration, formatMiB } from '../report/formatNumber.ts';
import type { Io } from './Io.ts';

/**
 * Progress on stderr for long runs: on a TTY one line rewritten in place about 4 times a
 * second; otherwise a plain line every 10 seconds. Silent for runs shorter than a second.
 */
export function progressObserver(io: Io): SearchObserver & { finish(): void } {
  const tty = io.stderr.isTTY === true;
  const every = tty ? 250 : 10_000;
  const start = io.now();
  let last = start;
  let drawn = false;
  return {
    onProgress(stats: Readonly<SearchStats>) {
      const now = io.now();
      if (now - start < 1000 || now - last < every) return;
      last = now;
      const rate = stats.elapsedMs > 0 ? (stats.distinct / stats.elapsedMs) * 1000 : 0;
      const line =
        `${formatCount(stats.distinct)} states, ${formatCount(rate)} states/s, depth ${stats.maxDepth}, ` +
        `queue ${formatCount(stats.queue)}, ${formatDuration(stats.elapsedMs)}, visited set ${formatMiB(stats.storeBytes)}`;
      if (tty) {
        io.stderr.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else io.stderr.write(`progress: ${line}\n`);
    },
    finish() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
