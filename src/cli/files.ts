import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';
import { isLucheckReport } from './reportMarkers.ts';

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
    return (
      text.startsWith('{"schema":"lucheck.') ||
      /^lucheck check \S+.*\n(pass|violation|deadlock|incomplete|model error)/.test(text) ||
      // pictures from lucheck viz: DOT, Mermaid or SVG opening with its `lucheck viz` comment
      /^(?:<\?xml[^>]*>\s*)?(?:\/\/|%%|<!--) lucheck viz /.test(text) ||
      isLucheckReport(text)
    );
  } catch {
    return false;
  }
}

/** Throws the usage error `writeOutputFile` would refuse `path` with; returns its absolute path. */
function refuseUnsafeOutput(path: string, cwd: string, inputs: readonly string[]): string {
  const full = resolve(cwd, path);
  if (inputs.some((i) => resolve(cwd, i) === full)) throw new UsageError(`refusing to write ${path}: it is an input of this run`);
  if (existsSync(full) && !writtenByLucheck(full)) {
    throw new UsageError(`refusing to overwrite ${path}: it exists and was not written by lucheck; choose another file or remove it`);
  }
  return full;
}

/**
 * Writes an output file without ever destroying the user's work: refuses to replace a file
 * that is one of the run's inputs or that lucheck did not write, and writes through a
 * temporary file and a rename, so a crash leaves the old file whole.
 */
export function writeOutputFile(path: string, text: string, cwd: string, inputs: readonly string[]): void {
  const full = refuseUnsafeOutput(path, cwd, inputs);
  const tmp = join(dirname(full), `.${basename(full)}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(full), { recursive: true }); // `--reporter junit:ci/junit.xml` into a new folder
    writeFileSync(tmp, text);
    renameSync(tmp, full);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as { code?: string }).code ?? String(error)}`);
  }
}

/**
 * Writes several files into a directory (created when missing) under `writeOutputFile`'s rules.
 * Every file is checked before the first is written, so a refusal leaves the directory as it was.
 */
export function writeOutputFiles(dir: string, files: readonly { readonly name: string; readonly text: string }[], cwd: string, inputs: readonly string[]): void {
  const full = resolve(cwd, dir);
  if (existsSync(full) && !statSync(full).isDirectory()) throw new UsageError(`cannot write into ${dir}: it exists and is not a directory`);
  for (const f of files) refuseUnsafeOutput(join(dir, f.name), cwd, inputs);
  try {
    mkdirSync(full, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create directory ${dir}: ${(error as { code?: string }).code ?? String(error)}`);
  }
  for (const f of files) writeOutputFile(join(dir, f.name), f.text, cwd, inputs);
}
