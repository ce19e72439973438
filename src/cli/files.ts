import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';

/** Reads and parses a JSON file; a missing file or bad JSON is a one-line usage error. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function writtenByLucheck(path: string): boolean {
  try {
    const text = readFileSync(path, 'utf8');
    return text.startsWith('{"schema":"lucheck.') || /^lucheck check \S+.*\n(pass|violation|deadlock|incomplete|model error)/.test(text);
  } catch {
    return false;
  }
}

/**
 * Writes an output file without ever destroying the user's work: refuses to replace a file
 * that is one of the run's inputs or that lucheck did not write, and writes through a
 * temporary file and a rename, so a crash leaves the old file whole.
 */
export function writeOutputFile(path: string, text: string, cwd: string, inputs: readonly string[]): void {
  const full = resolve(cwd, path);
  if (inputs.some((i) => resolve(cwd, i) === full)) throw new UsageError(`refusing to write ${path}: it is an input of this run`);
  if (existsSync(full) && !writtenByLucheck(full)) {
    throw new UsageError(`refusing to overwrite ${path}: it exists and was not written by lucheck; choose another file or remove it`);
  }
  const tmp = join(dirname(full), `.${basename(full)}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, full);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as { code?: string }).code ?? String(error)}`);
  }
}
