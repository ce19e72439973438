import type { ChunkSpill } from '../../src/store/ChunkSpill.ts';

/** A `ChunkSpill` on a Map, counting what went through it: for tests of the frontier's spilling. */
export function mapSpill(log: { written: number; read: number; open: number; disposed: number }) {
  return (): ChunkSpill => {
    const chunks = new Map<number, Uint8Array>();
    let next = 0;
    log.open++;
    return {
      write(bytes) {
        chunks.set(next, bytes.slice());
        log.written += bytes.length;
        return next++;
      },
      read(handle, into) {
        const b = chunks.get(handle);
        if (!b) throw new Error(`handle ${handle} read twice or never written`);
        into.set(b);
        chunks.delete(handle);
        log.read += b.length;
      },
      dispose() {
        chunks.clear();
        log.disposed++;
      },
    };
  };
}
