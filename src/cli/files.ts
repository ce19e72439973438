import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join, resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';
import { isLucheckReport } from './reportMarkers.ts';

/** Reads and parses a JSON file; a missing file or bad JSON is a one-line usage error. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    // a directory, a device (/dev/zero never ends) or a pipe is not a file to read whole
    if (!statSync(path).isFile()) throw new UsageError(`cannot read ${what} ${path}: it is not a regular file`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    throw new UsageError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
}

/** How many bytes of an existing file are read to recognise lucheck's own output. */
const HEAD_BYTES = 4096;

/** The first bytes of a regular file, as text (never the whole of a large file). */
function headOf(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function writtenByLucheck(path: string): boolean {
  try {
    const text = headOf(path);
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

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Creates and removes a file in `dir` to learn whether lucheck may write there; the reason when not. */
function probeWritable(dir: string): string | undefined {
  const probe = join(dir, `.lucheck-probe-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/**
 * Checks, before any search runs, that `path` may be written as an output: not one of the run's
 * inputs; a regular file lucheck wrote, or absent; in a folder that exists (or is among `dirs`,
 * the folders this run itself creates) and takes a new file. Reads no more than the first bytes
 * of an existing file, creates no folder. Returns the absolute path; a refusal is a usage error.
 */
export function checkOutputFile(path: string, cwd: string, inputs: readonly string[], dirs: readonly string[] = []): string {
  const full = resolve(cwd, path);
  if (inputs.some((i) => resolve(cwd, i) === full)) throw new UsageError(`refusing to write ${path}: it is an input of this run`);
  const st = statOf(full);
  if (st !== undefined && !st.isFile()) throw new UsageError(`refusing to write ${path}: it exists and is not a regular file`);
  if (st !== undefined && !writtenByLucheck(full)) {
    throw new UsageError(`refusing to overwrite ${path}: it exists and was not written by lucheck; choose another file or remove it`);
  }
  const parent = dirname(full);
  if (dirs.some((d) => resolve(cwd, d) === parent)) return full;
  const ps = statOf(parent);
  if (ps === undefined || !ps.isDirectory()) throw new UsageError(`cannot write ${path}: its folder ${parent} does not exist; create it first`);
  const why = probeWritable(parent);
  if (why !== undefined) throw new UsageError(`cannot write ${path}: its folder ${parent} takes no new file (${why})`);
  return full;
}

/**
 * Checks, before any search runs, that `dir` may take an output directory's files: a folder,
 * or absent in a folder that exists (lucheck then creates `dir` itself, and nothing above it).
 */
export function checkOutputDir(dir: string, cwd: string): string {
  const full = resolve(cwd, dir);
  const st = statOf(full);
  if (st !== undefined && !st.isDirectory()) throw new UsageError(`cannot write into ${dir}: it exists and is not a directory`);
  const where = st !== undefined ? full : dirname(full);
  const ws = st !== undefined ? st : statOf(where);
  if (ws === undefined || !ws.isDirectory()) throw new UsageError(`cannot write into ${dir}: its parent folder ${where} does not exist; create it first`);
  const why = probeWritable(where);
  if (why !== undefined) throw new UsageError(`cannot write into ${dir}: ${where} takes no new file (${why})`);
  return full;
}

/**
 * Writes an output file without ever destroying the user's work: refuses to replace a file
 * that is one of the run's inputs or that lucheck did not write, and writes through a
 * temporary file (a name no other writer shares) and a rename, so a crash leaves the old file
 * whole.
 */
export function writeOutputFile(path: string, text: string, cwd: string, inputs: readonly string[]): void {
  const full = checkOutputFile(path, cwd, inputs);
  const tmp = join(dirname(full), `.${basename(full)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, full);
  } catch (error) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw new UsageError(`cannot write ${path}: ${(error as { code?: string }).code ?? String(error)}`);
  }
}

/**
 * Writes several files into a directory (created when missing, its parent must exist) under
 * `writeOutputFile`'s rules. Every file is checked before the first is written, so a refusal
 * leaves the directory as it was. With `stale`, files already there that it recognises as an
 * earlier run's (and this run does not write) are removed, so the directory shows this run only.
 */
export function writeOutputFiles(dir: string, files: readonly { readonly name: string; readonly text: string }[], cwd: string, inputs: readonly string[], stale?: (head: string) => boolean): void {
  const full = checkOutputDir(dir, cwd);
  for (const f of files) if (existsSync(join(full, f.name))) checkOutputFile(join(dir, f.name), cwd, inputs);
  try {
    mkdirSync(full);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw new UsageError(`cannot create directory ${dir}: ${(error as { code?: string }).code ?? String(error)}`);
  }
  for (const f of files) writeOutputFile(join(dir, f.name), f.text, cwd, inputs);
  if (stale === undefined) return;
  const written = new Set(files.map((f) => f.name));
  for (const name of readdirSync(full)) {
    const path = join(full, name);
    if (written.has(name) || !lstatSync(path).isFile()) continue;
    if (stale(headOf(path))) unlinkSync(path);
  }
}
