import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChunkSpill } from '../store/ChunkSpill.ts';

/**
 * A `ChunkSpill` on one temporary file, for the BFS frontier of a run that outgrows its memory
 * budget: chunks are appended, read back by offset, and the file is removed on `dispose()`
 * (each frontier level has its own, removed once the level has been read). Space is not reused
 * within a file: a level's file grows to the bytes it spilled.
 */
export function fileSpill(dir: string = tmpdir()): () => ChunkSpill {
  return () => {
    const folder = mkdtempSync(join(dir, 'lucheck-frontier-'));
    const path = join(folder, 'level.bin');
    const fd = openSync(path, 'w+');
    const places: { offset: number; length: number }[] = [];
    let end = 0;
    let open = true;
    return {
      write(bytes) {
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, end + done);
        places.push({ offset: end, length: bytes.length });
        end += bytes.length;
        return places.length - 1;
      },
      read(handle, into) {
        const p = places[handle]!;
        let done = 0;
        while (done < p.length) {
          const n = readSync(fd, into, done, p.length - done, p.offset + done);
          if (n === 0) throw new Error(`frontier spill file ${path} is shorter than written`);
          done += n;
        }
      },
      dispose() {
        if (!open) return;
        open = false;
        closeSync(fd);
        rmSync(folder, { recursive: true, force: true });
      },
    };
  };
}
