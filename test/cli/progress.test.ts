import { expect } from 'chai';
import type { Io } from '../../src/cli/Io.ts';
import { boundFraction, progressBar, progressLine, progressObserver, PLAIN_EVERY_MS, QUIET_MS, TTY_EVERY_MS } from '../../src/cli/progress.ts';
import type { SearchStats } from '../../src/search/SearchOutcome.ts';

/** An Io whose clock the test moves and whose stderr it reads back. */
function fakeIo(options: { tty: boolean; columns?: number; memory?: number }) {
  let clock = 1_000_000;
  const written: string[] = [];
  const io: Io = {
    stdout: { write: () => true },
    stderr: { write: (t: string) => written.push(t), isTTY: options.tty, columns: options.columns },
    cwd: '/',
    now: () => clock,
    env: {},
    ...(options.memory === undefined ? {} : { memoryUsed: () => options.memory! }),
  };
  return { io, written, advance: (ms: number) => (clock += ms) };
}

function stats(distinct: number, elapsedMs: number): SearchStats {
  return { distinct, generated: distinct * 2, maxDepth: 12, queue: 345, elapsedMs, storeBytes: 3 * 2 ** 20 };
}

describe('progressLine', () => {
  it('shows states, states/s, depth, frontier, elapsed time and memory', () => {
    expect(progressLine(stats(120_000, 4000), 512 * 2 ** 20)).to.equal('120,000 states, 30,000 states/s, depth 12, frontier 345, 4.00 s, memory 512.0 MiB');
    expect(progressLine(stats(10, 0), undefined)).to.equal('10 states, 0 states/s, depth 12, frontier 345, 0 ms, visited set 3.0 MiB');
  });
});

describe('boundFraction and progressBar', () => {
  it('measure against the nearest bound, and draw no bar when there is none', () => {
    expect(boundFraction(stats(250, 1000), { maxStates: 1000, timeLimitMs: 2000 })).to.equal(0.5);
    expect(boundFraction(stats(250, 1000), { maxStates: Infinity })).to.equal(undefined);
    expect(boundFraction(stats(5000, 1000), { maxStates: 1000 })).to.equal(1);
    expect(progressBar(0.45)).to.equal('[=========>          ]  45%');
    expect(progressBar(1)).to.equal('[====================] 100%');
  });
});

describe('progressObserver', () => {
  it('on a TTY redraws one line in place (\\r, clear line) at most every 250 ms after the first second, and clears it at the end', () => {
    const { io, written, advance } = fakeIo({ tty: true, memory: 2 ** 20 });
    const p = progressObserver(io, { maxStates: 1000 });
    p.onProgress!(stats(1, 10));
    advance(QUIET_MS - 1);
    p.onProgress!(stats(2, 999));
    expect(written).to.deep.equal([]);
    advance(1);
    p.onProgress!(stats(500, 1000));
    advance(TTY_EVERY_MS - 1);
    p.onProgress!(stats(501, 1249));
    advance(1);
    p.onProgress!(stats(600, 1250));
    expect(written).to.have.length(2);
    for (const w of written) {
      expect(w.startsWith('\r\x1b[2K')).to.equal(true);
      expect(w).to.not.include('\n');
    }
    expect(written[0]).to.equal('\r\x1b[2K[==========>         ]  50% 500 states, 500 states/s, depth 12, frontier 345, 1.00 s, memory 1.0 MiB');
    p.finish();
    expect(written.at(-1)).to.equal('\r\x1b[2K');
  });

  it('on a TTY without bounds shows a spinner, and cuts the line to the terminal width', () => {
    const { io, written, advance } = fakeIo({ tty: true, columns: 40 });
    const p = progressObserver(io);
    advance(QUIET_MS);
    p.onProgress!(stats(1000, 1000));
    advance(TTY_EVERY_MS);
    p.onProgress!(stats(2000, 1250));
    expect(written.map((w) => w.slice('\r\x1b[2K'.length, '\r\x1b[2K'.length + 2))).to.deep.equal(['| ', '/ ']);
    for (const w of written) expect(w.length - '\r\x1b[2K'.length).to.be.at.most(39);
    expect(written[0]!.endsWith('…')).to.equal(true);
  });

  it('elsewhere prints plain lines, at most one every 5 seconds, and nothing to clear at the end', () => {
    const { io, written, advance } = fakeIo({ tty: false });
    const p = progressObserver(io, { maxStates: 1000 });
    advance(QUIET_MS);
    p.onProgress!(stats(100, 1000));
    advance(TTY_EVERY_MS);
    p.onProgress!(stats(200, 1250));
    advance(PLAIN_EVERY_MS - TTY_EVERY_MS);
    p.onProgress!(stats(300, 6000));
    p.finish();
    expect(written).to.deep.equal([
      'progress: 100 states, 100 states/s, depth 12, frontier 345, 1.00 s, visited set 3.0 MiB\n',
      'progress: 300 states, 50 states/s, depth 12, frontier 345, 6.00 s, visited set 3.0 MiB\n',
    ]);
    for (const w of written) expect(w).to.not.include('\r');
  });
});
