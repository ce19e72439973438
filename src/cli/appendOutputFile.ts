import { appendFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';

/** Checks, before the search, that `path` may be appended to: not an input, a regular file or absent in a folder that exists. */
export function checkAppendable(path: string, cwd: string, inputs: readonly string[]): string {
  const full = resolve(cwd, path);
  if (inputs.some((i) => resolve(cwd, i) === full)) throw new UsageError(`refusing to append to ${path}: it is an input of this run`);
  if (existsSync(full) ? !statSync(full).isFile() : !existsSync(dirname(full))) throw new UsageError(`cannot append to ${path}: it is not a regular file in a folder that exists`);
  return full;
}

/**
 * Appends to a file another program owns (GitHub's `$GITHUB_STEP_SUMMARY`), creating it when
 * missing. Appending never destroys what is there, so the only refusal is a file that is one
 * of the run's inputs. Failures are one-line usage errors.
 */
export function appendOutputFile(path: string, text: string, cwd: string, inputs: readonly string[]): void {
  const full = checkAppendable(path, cwd, inputs);
  try {
    appendFileSync(full, text);
  } catch (error) {
    throw new UsageError(`cannot append to ${path}: ${(error as { code?: string }).code ?? String(error)}`);
  }
}
