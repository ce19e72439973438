// SPIN, the C model checker, on the same models as lucheck's bench (the counter product here,
// the classic models in classicPromela.ts): the script writes the Promela once, compiles `pan` with -DSAFETY -DNOREDUCE (full state storage, no partial
// order reduction, as lucheck), runs it, and returns the states it stored and the wall time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Installs spin and gcc from Debian's packages when they are missing and we may (root). */
export function ensureSpin(): string | undefined {
  if (which('spin') && which('gcc')) return undefined;
  if (process.getuid?.() !== 0) return 'spin or gcc is missing; install them with: apt-get install spin gcc';
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', 'spin', 'gcc'], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'spin', 'gcc'], { stdio: 'ignore' });
    } catch (error) {
      return `installing spin and gcc failed: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  return which('spin') && which('gcc') ? undefined : 'spin or gcc is still missing after apt-get install';
}

/** The counter product in Promela: one process per region, each step atomic, as in the statechart. */
export function counterPromela(regions: number, size: number): string {
  const type = size <= 256 ? 'byte' : 'int';
  const vars = Array.from({ length: regions }, (_, i) => `c${i} = 0`).join(', ');
  const procs = Array.from({ length: regions }, (_, i) => `active proctype r${i}() { do :: atomic { c${i} = (c${i} + 1) % ${size} } od }`);
  return [`${type} ${vars};`, ...procs, ''].join('\n');
}

/** Compiles pan for a counter product; returns the folder it lives in. */
export function buildPan(regions: number, size: number): string {
  return buildPanOf(counterPromela(regions, size));
}

/** Compiles pan for a Promela model; returns the folder it lives in. */
export function buildPanOf(promela: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lucheck-spin-'));
  writeFileSync(join(dir, 'model.pml'), promela);
  execFileSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'ignore' });
  execFileSync('gcc', ['-O2', '-DSAFETY', '-DNOREDUCE', '-DMEMLIM=16000', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  if (!existsSync(join(dir, 'pan'))) throw new Error('pan was not built');
  return dir;
}

/** Runs pan exhaustively (depth bound and hash table sized for the state count). */
export function runPan(dir: string, states: number): { states: number; ms: number } {
  const bits = Math.max(18, Math.ceil(Math.log2(states * 2)));
  const t = performance.now();
  const out = execFileSync(join(dir, 'pan'), [`-m${states * 2 + 10}`, `-w${bits}`], { cwd: dir, encoding: 'utf8' });
  const ms = performance.now() - t;
  const stored = /(\d+) states, stored/.exec(out);
  if (!stored) throw new Error(`unexpected pan output:\n${out}`);
  return { states: Number(stored[1]), ms };
}
