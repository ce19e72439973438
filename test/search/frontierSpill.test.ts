import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from 'lucheck';
import counter from '../../examples/counter.ts';
import { fileSpill } from '../../src/cli/fileSpill.ts';
import { mapSpill } from '../support/mapSpill.ts';

describe('BFS frontier beyond its memory budget', () => {
  it('gives the same result with the frontier spilled as in memory (counter, 1,000,000 states), and frees every level', async () => {
    const params = { regions: 3, size: 100 }; // levels of up to 7,500 states: several chunks
    const inMemory = await check(counter, { params });
    const log = { written: 0, read: 0, open: 0, disposed: 0 };
    const spilled = await check(counter, { params, frontierMemoryBytes: 1, spill: mapSpill(log) });
    expect(spilled.verdict).to.equal('pass');
    expect(spilled.stats.distinct).to.equal(1_000_000);
    expect([spilled.stats.generated, spilled.stats.maxDepth]).to.deep.equal([inMemory.stats.generated, inMemory.stats.maxDepth]);
    expect(log.written).to.be.above(0);
    expect(spilled.stats.spilledBytes).to.equal(log.written);
    expect(log.read).to.equal(log.written);
    expect(log.disposed, 'every level disposed').to.equal(log.open);
    expect(inMemory.stats.spilledBytes ?? 0).to.equal(0);
  });

  it('writes the spill to a temporary file that is gone once the level is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lucheck-spill-test-'));
    try {
      const spill = fileSpill(dir)();
      expect(readdirSync(dir), 'no file before the first write').to.deep.equal([]);
      const a = Uint8Array.from({ length: 70_000 }, (_, i) => i % 251);
      const b = Uint8Array.from({ length: 1000 }, (_, i) => 255 - (i % 256));
      const ha = spill.write(a);
      const hb = spill.write(b);
      expect(readdirSync(dir)).to.have.length(1);
      const intoB = new Uint8Array(1000);
      spill.read(hb, intoB);
      const intoA = new Uint8Array(70_000);
      spill.read(ha, intoA);
      expect(Buffer.from(intoA).equals(Buffer.from(a))).to.equal(true);
      expect(Buffer.from(intoB).equals(Buffer.from(b))).to.equal(true);
      spill.dispose();
      expect(readdirSync(dir)).to.deep.equal([]);
    } finally {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  });
});
