// The real lucheck binary as a child process, for the tests that check what a user sees: exit
// code, stdout, stderr and the files a run writes.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'lucheck.js');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Added to the environment, from which every GITHUB_ variable is removed. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Runs `node bin/lucheck.js ...args`; resolves with its exit code and output, rejects if it did not exit (a signal, a timeout). */
export function runLucheck(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_')));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...base, ...options.env }, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`lucheck ${args.join(' ')} did not exit normally (${error.signal ?? error.code ?? error.message}); stderr: ${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** What to print when an assertion about a run fails. */
export function describeRun(r: Run): string {
  return `exit ${r.code}\n--- stdout:\n${r.stdout.slice(0, 4000)}\n--- stderr:\n${r.stderr}`;
}

/** Asserts stderr is exactly one non-empty line with no stack frames; returns that line. */
export function oneStderrLine(r: Run): string {
  expect(r.stderr, `stderr should end with a newline\n${describeRun(r)}`).to.match(/\n$/);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines, `stderr should be exactly one line\n${describeRun(r)}`).to.have.length(1);
  expect(lines[0]!.trim(), `stderr line should not be empty\n${describeRun(r)}`).to.not.equal('');
  expect(r.stderr, `stderr should hold no stack frames\n${describeRun(r)}`).to.not.match(/^\s+at |node:internal/m);
  return lines[0]!;
}
