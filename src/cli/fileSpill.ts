import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChunkSpill } from '../store/ChunkSpill.ts';

/**
 * A `ChunkSpill` on one temporary file, for the BFS frontier of a run that outgrows its memory
 * budget: chunks are appended, read back by offset, and the file is removed on `dispose()`
 * (each frontier level that spills has its own, made on its first write and removed once the
 * level has been read). Space is not reused within a file: a level's file grows to the bytes
 * it spilled.
 */
export function fileSpill(dir: string = tmpdir()): () => ChunkSpill {
  return () => {
    // The file is made on the first write: most levels never outgrow their budget.
    let file: { folder: string; path: string; fd: number } | undefined;
    const places: { offset: number; length: number }[] = [];
    let end = 0;
    const open = () => {
      if (!file) {
        const folder = mkdtempSync(join(dir, 'lucheck-frontier-'));
        const path = join(folder, 'level.bin');
        file = { folder, path, fd: openSync(path, 'w+') };
      }
      return file;
    };
    return {
      write(bytes) {
        const { fd } = open();
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, end + done);
        places.push({ offset: end, length: bytes.length });
        end += bytes.length;
        return places.length - 1;
      },
      read(handle, into) {
        const p = places[handle]!;
        const { fd, path } = open();
        let done = 0;
        while (done < p.length) {
          const n = readSync(fd, into, done, p.length - done, p.offset + done);
          if (n === 0) throw new Error(`frontier spill file ${path} is shorter than written`);
          done += n;
        }
      },
      dispose() {
        if (!file) return;
        closeSync(file.fd);
        rmSync(file.folder, { recursive: true, force: true });
        file = undefined;
      },
    };
  };
}
