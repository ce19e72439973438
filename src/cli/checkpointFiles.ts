import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';
import type { SearchSnapshot } from '../search/SearchSnapshot.ts';
import type { ParallelSnapshot } from './parallel/ParallelSnapshot.ts';

/** What a checkpoint was taken of: a resumed run must be the same run (model, parameters, options). */
export interface CheckpointIdentity {
  /** The model as loaded (a built-in's name or a file's absolute path) and a hash of its file and machine. */
  readonly model: string;
  readonly modelHash: string;
  /** Everything else that shapes the state space or the verdict, as text: parameters and options. */
  readonly run: string;
  /** The command line to give `--resume` with. */
  readonly command: string;
  /** How the lucheck that wrote it fingerprints and encodes states (`STATE_FORMAT`); absent before version 2. */
  readonly stateFormat?: number;
}

const FORMAT = 'lucheck.checkpoint/1';
const FILE = 'state.bin';

/** What a checkpoint holds: the single-threaded search's snapshot, or the parallel search's (taken at a level barrier). */
export type SavedSearch = { readonly kind: 'bfs'; readonly snapshot: SearchSnapshot } | { readonly kind: 'parallel'; readonly snapshot: ParallelSnapshot };

const TYPED = { Uint8Array, Uint16Array, Int32Array, Uint32Array, Float64Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** The value as JSON with each typed array replaced by `{ $typed: name, i: index }` into `arrays`. */
function lift(value: unknown, arrays: Typed[]): unknown {
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as TypedName;
    if (!Object.hasOwn(TYPED, name)) throw new Error(`a checkpoint cannot hold a ${name}`);
    arrays.push(value as Typed);
    return { $typed: name, i: arrays.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => lift(v, arrays));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lift(v, arrays)]));
  return value;
}

/** The inverse of `lift`, given the arrays read back. */
function lower(value: unknown, arrays: readonly Typed[]): unknown {
  if (Array.isArray(value)) return value.map((v) => lower(v, arrays));
  if (typeof value === 'object' && value !== null) {
    const t = value as { $typed?: TypedName; i?: number };
    if (t.$typed !== undefined) {
      const a = arrays[t.i!];
      if (a === undefined || a.constructor.name !== t.$typed) throw new Error('an array is missing');
      return a;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lower(v, arrays)]));
  }
  return value;
}

interface Header {
  readonly format: typeof FORMAT;
  readonly identity: CheckpointIdentity;
  /** The saved search, lifted (`lift`). */
  readonly search: unknown;
  /** Per typed array that follows the header: its type and length. */
  readonly arrays: readonly { readonly type: TypedName; readonly length: number }[];
}

/** The file of the checkpoint in `dir`. */
export function checkpointFile(dir: string, cwd: string): string {
  return join(resolve(cwd, dir), FILE);
}

/** Whether a file opens as a lucheck checkpoint (its first bytes). */
function isCheckpoint(path: string): boolean {
  try {
    const head = readFileSync(path).subarray(4, 4 + 40).toString('utf8');
    return head.startsWith(`{"format":"${FORMAT}"`);
  } catch {
    return false;
  }
}

/**
 * Checks, before the search, that checkpoints may be written into `dir`: a folder (made when
 * missing, in a parent that exists) holding no `state.bin` but lucheck's own.
 */
export function checkCheckpointDir(dir: string, cwd: string): void {
  const full = resolve(cwd, dir);
  if (existsSync(full) && !statSync(full).isDirectory()) throw new UsageError(`--checkpoint ${dir}: it exists and is not a directory`);
  const file = join(full, FILE);
  if (existsSync(file) && !isCheckpoint(file)) throw new UsageError(`--checkpoint ${dir}: its ${FILE} is not a lucheck checkpoint; choose another directory`);
  if (!existsSync(full)) {
    try {
      mkdirSync(full);
    } catch (error) {
      throw new UsageError(`--checkpoint ${dir}: cannot create it (${(error as { code?: string }).code ?? String(error)}); its parent folder must exist`);
    }
  }
  // what a run killed while writing left behind (never the checkpoint itself)
  for (const name of readdirSync(full)) if (/^state\.bin\.\d+\.[0-9a-f]{12}\.tmp$/.test(name)) unlinkSync(join(full, name));
}

/**
 * Writes a checkpoint into `dir` atomically: a temporary file of a unique name, flushed to disk,
 * then renamed over `state.bin`, so a crash at any moment leaves the previous checkpoint whole.
 * Layout: a 4-byte header length, the header (JSON, the search with its typed arrays lifted
 * out), then those arrays' bytes, in order.
 */
export function saveCheckpoint(dir: string, cwd: string, identity: CheckpointIdentity, saved: SavedSearch): void {
  const arrays: Typed[] = [];
  const header: Header = { format: FORMAT, identity, search: lift(saved, arrays), arrays: arrays.map((a) => ({ type: a.constructor.name as TypedName, length: a.length })) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  const file = checkpointFile(dir, cwd);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    for (const p of [size, json, ...arrays]) {
      const bytes = new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(tmp);
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/** Reads the checkpoint in `dir`: what it was taken of, and the search to go on from. Anything malformed is a usage error. */
export function loadCheckpoint(dir: string, cwd: string): { identity: CheckpointIdentity; saved: SavedSearch } {
  const file = checkpointFile(dir, cwd);
  if (!existsSync(file)) throw new UsageError(`--resume ${dir}: no checkpoint there (${FILE} is missing); write one with --checkpoint ${dir}`);
  if (!isCheckpoint(file)) throw new UsageError(`--resume ${dir}: ${FILE} is not a lucheck checkpoint`);
  const bytes = readFileSync(file);
  try {
    const n = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + n).toString('utf8')) as Header;
    let at = 4 + n;
    // each array is copied into a buffer of its own (a Float64Array needs 8-byte alignment)
    const arrays = header.arrays.map(({ type, length }) => {
      const make = TYPED[type];
      if (make === undefined) throw new Error(`unknown array type ${type}`);
      const width = make.BYTES_PER_ELEMENT;
      if (at + length * width > bytes.length) throw new Error('truncated');
      const buffer = bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + length * width) as ArrayBuffer;
      at += length * width;
      return new make(buffer) as Typed;
    });
    if (at !== bytes.length) throw new Error('trailing bytes');
    return { identity: header.identity, saved: lower(header.search, arrays) as SavedSearch };
  } catch (error) {
    throw new UsageError(`--resume ${dir}: ${FILE} is damaged (${(error as Error).message}); resume from another checkpoint or start again`);
  }
}
