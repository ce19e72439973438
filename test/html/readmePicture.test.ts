// The README's counterexample pictures stay true: docs/ holds exactly what `npm run picture`
// makes from a real check now, and the README embeds them next to the command that made them.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PICTURE_ARGS, PICTURES, makePictures } from '../../scripts/readmePicture.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('README counterexample pictures (npm run picture)', () => {
  it('are in docs/ exactly as a real check draws them now', async () => {
    const fresh = await makePictures();
    expect(fresh.map((p) => p.name)).to.deep.equal(Object.keys(PICTURES));
    for (const p of fresh) {
      expect(p.text, p.name).to.match(/^<\?xml[^\n]*\n<!-- lucheck report: live-update\[backend=iommufd,variant=v6\.13,/);
      expect(await readFile(join(ROOT, 'docs', p.name), 'utf8'), `docs/${p.name} is out of date: run npm run picture`).to.equal(p.text);
    }
    expect(fresh[0]!.text).to.contain('INV-9 violated');
  });

  it('are embedded in the README with the command that produced them', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Pictures and reports'));
    expect(section.length).to.be.lessThan(readme.length);
    for (const name of Object.keys(PICTURES)) expect(section).to.match(new RegExp(`!\\[[^\\]]+\\]\\(docs/${name.replace('.', '\\.')}\\)`));
    expect(section).to.contain(`npx lucheck ${PICTURE_ARGS.join(' ')} --reporter html:`);
    expect(section).to.contain('--reporter html:DIR');
  });
});
