import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';

/**
 * Appends to a file another program owns (GitHub's `$GITHUB_STEP_SUMMARY`), creating it when
 * missing. Appending never destroys what is there, so the only refusal is a file that is one
 * of the run's inputs. Failures are one-line usage errors.
 */
export function appendOutputFile(path: string, text: string, cwd: string, inputs: readonly string[]): void {
  const full = resolve(cwd, path);
  if (inputs.some((i) => resolve(cwd, i) === full)) throw new UsageError(`refusing to append to ${path}: it is an input of this run`);
  try {
    appendFileSync(full, text);
  } catch (error) {
    throw new UsageError(`cannot append to ${path}: ${(error as { code?: string }).code ?? String(error)}`);
  }
}
