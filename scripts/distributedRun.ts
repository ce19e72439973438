// The distributed search on one machine, measured: a redis-server of its own on a free loopback
// port, `lucheck check` once as a fresh process, then `lucheck distributed` as N fresh
// processes started together (wall time from the first start to the last exit), optionally
// with one of them killed (SIGKILL) some seconds in, so that the others take its partition
// over. Used by scripts/bench.ts (BENCH_ONLY=distributed) and, run directly, as the check that
// a large configuration gives the single run's counts:
//   node --import tsx scripts/distributedRun.ts [ACCESSES] [PROCESSES] [KILL_AFTER_S]
// (default: live-update, fork-exec, mdev, hot-plug, accesses=5; 4 processes; kill after 20 s).
// Not a test: it prints what it measured, and fails only when the counts or verdicts differ.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import liveUpdate from '../machines/liveUpdate.ts';
import { cliNodeFlags } from './cliNodeFlags.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'lucheck.js');
/** The node flags the `lucheck` command starts with (its first line). */
const NODE_FLAGS = cliNodeFlags();

export interface Measured {
  readonly verdict: string;
  readonly distinct: number;
  readonly generated: number;
  readonly maxDepth: number;
  /** Wall time, first process started to last process ended. */
  readonly wallMs: number;
  /** Bytes the processes sent to Redis, all of them (distributed runs). */
  readonly sentBytes?: number;
  readonly takenOver?: number;
}

/** The live-update configuration with `accesses` in-kernel clients, as --set flags, and its invariants (the temporal properties are lucheck check's alone). */
export function liveUpdateArgs(accesses: number): string[] {
  const sets = ['handover=fork-exec', 'mdev=true', 'hotplug=true', `accesses=${accesses}`].flatMap((s) => ['--set', s]);
  return ['live-update', ...sets, '--invariant', (liveUpdate.invariants ?? []).map((i) => i.id).join(',')];
}

/** A TCP port nobody listens on at the moment, on the loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server on a free loopback port, no persistence; its URL and how to stop it. */
export async function startRedis(): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'lucheck-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.once('error', (e) => reject(new Error(`redis-server could not start (${e.message}); install it: bash scripts/ensureRedis.sh`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Ended {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function start(args: readonly string[]): { child: ChildProcess; done: Promise<Ended> } {
  const child = spawn(process.execPath, [...NODE_FLAGS, '--max-old-space-size=8192', BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return { child, done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

function resultOf(e: Ended, what: string): Omit<Measured, 'wallMs'> {
  if (e.code === null || e.code === 1 || e.code === 2 || e.code === 3) throw new Error(`${what} ended with ${e.code ?? e.signal}: ${e.stderr}`);
  const r = JSON.parse(e.stdout) as { verdict: string; stats: { distinct: number; generated: number; maxDepth: number } };
  return { verdict: r.verdict, distinct: r.stats.distinct, generated: r.stats.generated, maxDepth: r.stats.maxDepth };
}

/** `lucheck check ARGS` in a fresh process. */
export async function single(args: readonly string[]): Promise<Measured> {
  const t = performance.now();
  const e = await start(['check', ...args, '--format', 'json']).done;
  return { ...resultOf(e, 'lucheck check'), wallMs: performance.now() - t };
}

/** `lucheck distributed ARGS` in `processes` fresh processes, one of them killed after `killAfterMs`; every survivor must report the same result. */
export async function distributed(url: string, run: string, args: readonly string[], processes: number, killAfterMs?: number): Promise<Measured> {
  const command = ['distributed', ...args, '--redis', url, '--run', run, '--partitions', String(processes), '--lease', '5', '--format', 'json'];
  const t = performance.now();
  const procs = Array.from({ length: processes }, () => start(command));
  if (killAfterMs !== undefined) setTimeout(() => procs[processes - 1]!.child.kill('SIGKILL'), killAfterMs);
  const ended = await Promise.all(procs.map((p) => p.done));
  const wallMs = performance.now() - t;
  const survivors = ended.filter((e) => e.signal === null);
  if (killAfterMs !== undefined && survivors.length === processes) throw new Error(`the run ended before the process was killed (${Math.round(wallMs)} ms)`);
  const results = survivors.map((e) => resultOf(e, 'lucheck distributed'));
  if (new Set(results.map((r) => JSON.stringify(r))).size !== 1) throw new Error(`the processes reported different results: ${JSON.stringify(results)}`);
  const figure = (re: RegExp) => survivors.reduce((k, e) => k + Number(re.exec(e.stderr)?.[1] ?? 0), 0);
  return { ...results[0]!, wallMs, sentBytes: figure(/sent (\d+) bytes to Redis/), takenOver: figure(/took over (\d+) partitions/) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const accesses = Number(process.argv[2] ?? 5);
  const processes = Number(process.argv[3] ?? 4);
  const killAfterS = Number(process.argv[4] ?? 20);
  const args = liveUpdateArgs(accesses);
  const redis = await startRedis();
  try {
    const fmt = (n: number) => n.toLocaleString('en-US');
    const line = (what: string, m: Measured) =>
      console.log(`| ${what} | ${m.verdict} | ${fmt(m.distinct)} | ${fmt(m.generated)} | ${m.maxDepth} | ${(m.wallMs / 1000).toFixed(1)} s | ${m.sentBytes === undefined ? '—' : `${Math.round(m.sentBytes / m.distinct)} B`} | ${m.takenOver ?? '—'} |`);
    console.log(`live-update, fork-exec, mdev, hot-plug, accesses=${accesses}\n`);
    console.log('| run | verdict | distinct | generated | max depth | wall time | sent to Redis per state | partitions taken over |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|');
    const s = await single(args);
    line('lucheck check', s);
    const d = await distributed(redis.url, `verify-${process.pid}-a`, args, processes);
    line(`lucheck distributed, ${processes} processes`, d);
    const k = await distributed(redis.url, `verify-${process.pid}-b`, args, processes, killAfterS * 1000);
    line(`lucheck distributed, ${processes} processes, one killed after ${killAfterS} s`, k);
    for (const [what, m] of [['distributed', d], ['distributed with a kill', k]] as const) {
      const same = m.verdict === s.verdict && m.distinct === s.distinct && m.generated === s.generated && m.maxDepth === s.maxDepth;
      if (!same) throw new Error(`${what}: not the single run's counts`);
    }
    console.log('\nthe same verdict, states, transitions and depth as the single run, with and without the kill');
  } finally {
    redis.stop();
  }
}
