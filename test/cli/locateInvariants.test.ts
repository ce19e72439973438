import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import liveUpdate from '../../machines/liveUpdate.ts';
import { locateInvariants } from '../../src/cli/locateInvariants.ts';
import { modelFileOf } from '../../src/cli/reporters.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function lineAt(file: string, line: number): string {
  return readFileSync(join(ROOT, file), 'utf8').split('\n')[line - 1]!;
}

describe('locateInvariants', () => {
  it('finds every live-update invariant in the files the model imports, at the line declaring its id', () => {
    const ids = liveUpdate.invariants!.map((i) => i.id);
    const found = locateInvariants(modelFileOf('live-update'), ids, ROOT);
    expect(Object.keys(found).sort()).to.deep.equal([...ids, 'DEADLOCK'].sort());
    for (const id of ids) {
      expect(found[id]!.file, id).to.match(/^invariants\/\w+\.ts$/);
      expect(lineAt(found[id]!.file, found[id]!.line), id).to.match(new RegExp(`id: '${id}'`));
    }
    expect(found.DEADLOCK!.file).to.equal('machines/liveUpdate.ts');
    expect(lineAt('machines/liveUpdate.ts', found.DEADLOCK!.line)).to.include('defineModel(');
  });

  it('follows .js specifiers to .ts files and index files, leaves out ids it cannot find, and gives absolute paths outside cwd', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lucheck-locate-'));
    try {
      await writeFile(join(dir, 'model.ts'), "import { A } from './inv/a.js';\nimport * as more from './more';\nexport default defineModel({ name: 'm' });\n");
      await writeFile(join(dir, 'more.ts'), '');
      await mkdir(join(dir, 'inv'));
      await writeFile(join(dir, 'inv', 'a.ts'), "import { B } from '../b/index.js';\nexport const A = {\n  id: \"A-1\",\n};\n");
      await mkdir(join(dir, 'b'));
      await writeFile(join(dir, 'b', 'index.ts'), "export const B = { title: 'x', id:`B-2` };\n");
      const found = locateInvariants(join(dir, 'model.ts'), ['A-1', 'B-2', 'COMPUTED'], dir);
      expect(found).to.deep.equal({ 'A-1': { file: 'inv/a.ts', line: 3 }, 'B-2': { file: 'b/index.ts', line: 1 }, DEADLOCK: { file: 'model.ts', line: 3 } });
      const outside = locateInvariants(join(dir, 'model.ts'), ['A-1'], ROOT);
      expect(outside['A-1']!.file).to.equal(join(dir, 'inv', 'a.ts'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
