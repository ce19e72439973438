import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';
import type { SearchSnapshot } from '../search/SearchSnapshot.ts';
import type { ValueQueueData } from '../store/ValueQueue.ts';

/** What a checkpoint was taken of: a resumed run must be the same run (model, parameters, options). */
export interface CheckpointIdentity {
  /** The model as loaded (a built-in's name or a file's absolute path) and a hash of its file and machine. */
  readonly model: string;
  readonly modelHash: string;
  /** Everything else that shapes the state space or the verdict, as text: parameters and options. */
  readonly run: string;
  /** The command line to give `--resume` with. */
  readonly command: string;
}

const FORMAT = 'lucheck.checkpoint/1';
const FILE = 'state.bin';

/** One level's records as the header describes them; their typed arrays follow the header in order. */
interface LevelHeader {
  readonly records: number;
  readonly strings: readonly string[];
  readonly shapes: readonly (readonly string[])[];
  readonly shared: readonly unknown[];
  readonly tags: readonly number[];
  readonly nums: readonly number[];
}

interface Header {
  readonly format: typeof FORMAT;
  readonly identity: CheckpointIdentity;
  readonly depth: number;
  readonly stats: SearchSnapshot['stats'];
  readonly expanded: number;
  readonly truncated: boolean;
  readonly storeCount: number;
  readonly slots: number;
  readonly links: number;
  readonly current: LevelHeader;
  readonly next: LevelHeader;
}

function levelHeader(d: ValueQueueData): LevelHeader {
  return { records: d.records, strings: d.strings, shapes: d.shapes, shared: d.shared, tags: d.tags.map((c) => c.length), nums: d.nums.map((c) => c.length) };
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
 * Layout: a 4-byte header length, the header (JSON), then the typed arrays it lists, in order.
 */
export function saveCheckpoint(dir: string, cwd: string, identity: CheckpointIdentity, s: SearchSnapshot): void {
  const header: Header = {
    format: FORMAT,
    identity,
    depth: s.depth,
    stats: s.stats,
    expanded: s.expanded,
    truncated: s.truncated,
    storeCount: s.store.set.count,
    slots: s.store.set.slots.length,
    links: s.store.links.parents.length,
    current: levelHeader(s.current),
    next: levelHeader(s.next),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  const parts: ArrayBufferView[] = [size, json, s.store.set.slots, s.store.links.parents, s.store.links.events];
  for (const level of [s.current, s.next]) parts.push(...level.tags, ...level.nums);
  const file = checkpointFile(dir, cwd);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    for (const p of parts) {
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
export function loadCheckpoint(dir: string, cwd: string): { identity: CheckpointIdentity; snapshot: SearchSnapshot } {
  const file = checkpointFile(dir, cwd);
  if (!existsSync(file)) throw new UsageError(`--resume ${dir}: no checkpoint there (${FILE} is missing); write one with --checkpoint ${dir}`);
  if (!isCheckpoint(file)) throw new UsageError(`--resume ${dir}: ${FILE} is not a lucheck checkpoint`);
  const bytes = readFileSync(file);
  try {
    const n = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + n).toString('utf8')) as Header;
    let at = 4 + n;
    const take = <T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(make: new (b: ArrayBuffer) => T, count: number, width: number): T => {
      if (at + count * width > bytes.length) throw new Error('truncated');
      const copy = make === (Uint8Array as unknown) ? (bytes.subarray(at, at + count).slice() as unknown as T) : new make(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + count * width) as ArrayBuffer);
      at += count * width;
      return copy;
    };
    const slots = take(Uint32Array, header.slots, 4);
    const parents = take(Int32Array, header.links, 4);
    const events = take(Uint16Array, header.links, 2);
    const level = (h: LevelHeader): ValueQueueData => {
      const tags = h.tags.map((len) => take(Uint8Array, len, 1));
      const nums = h.nums.map((len) => take(Float64Array, len, 8));
      return { tags, nums, opaque: [], records: h.records, strings: h.strings, shapes: h.shapes, shared: h.shared };
    };
    // Float64Array views need 8-byte alignment: `take` copies each array into its own buffer
    const current = level(header.current);
    const next = level(header.next);
    if (at !== bytes.length) throw new Error('trailing bytes');
    const snapshot: SearchSnapshot = {
      depth: header.depth,
      stats: header.stats,
      expanded: header.expanded,
      truncated: header.truncated,
      store: { set: { slots, count: header.storeCount }, links: { parents, events } },
      current,
      next,
    };
    return { identity: header.identity, snapshot };
  } catch (error) {
    throw new UsageError(`--resume ${dir}: ${FILE} is damaged (${(error as Error).message}); resume from another checkpoint or start again`);
  }
}
