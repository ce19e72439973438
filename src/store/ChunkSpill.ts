/**
 * Where a `ValueQueue` puts the chunks that do not fit its memory budget: a place to write
 * bytes and read them back once, in any order. The core only sees this interface; the CLI
 * provides one on a temporary file (`src/cli/fileSpill.ts`), tests one on a Map.
 */
export interface ChunkSpill {
  /** Stores a copy of `bytes`; returns the handle to read it back with. */
  write(bytes: Uint8Array): number;
  /** Copies the bytes stored under `handle` into `into` (their length) and forgets them. */
  read(handle: number, into: Uint8Array): void;
  /** Forgets everything (and frees what holds it). */
  dispose(): void;
}
