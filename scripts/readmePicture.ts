// The README's counterexample pictures, made by a real check through the CLI: the v6.13 hot-plug
// race of "A real run", reported with `--reporter html:DIR`, whose sequence diagram and
// highlighted statechart are copied into docs/. `npm run picture` writes them; with `--check`
// it only compares (exit 1 when docs/ is out of date).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOutputFiles } from '../src/cli/files.ts';
import { main } from '../src/cli/main.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The check the pictures show, as the README quotes it. */
export const PICTURE_ARGS = ['check', 'live-update', '--set', 'variant=v6.13', '--set', 'hotplug=true'] as const;
/** docs/ file ← file of the HTML report. */
export const PICTURES = { 'counterexample-sequence.svg': 'violation-1-sequence.svg', 'counterexample-chart.svg': 'violation-1-chart.svg' } as const;

/** Runs the check through `main` with `--reporter html:` a scratch directory; returns the pictures by docs/ name. */
export async function makePictures(): Promise<{ name: string; text: string }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lucheck-picture-'));
  try {
    let stderr = '';
    const code = await main([...PICTURE_ARGS, '--reporter', `html:${dir}`], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      cwd: ROOT,
      now: () => performance.now(),
      env: {},
    });
    if (code !== 10) throw new Error(`lucheck ${PICTURE_ARGS.join(' ')} exited ${code}, not 10 (a violation): ${stderr}`);
    return Promise.all(Object.entries(PICTURES).map(async ([name, from]) => ({ name, text: await readFile(join(dir, from), 'utf8') })));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pictures = await makePictures();
  if (process.argv.includes('--check')) {
    const stale: string[] = [];
    for (const p of pictures) if ((await readFile(join(ROOT, 'docs', p.name), 'utf8').catch(() => '')) !== p.text) stale.push(`docs/${p.name}`);
    for (const s of stale) console.log(`out of date: ${s} (npm run picture rewrites it)`);
    process.exitCode = stale.length === 0 ? 0 : 1;
  } else {
    writeOutputFiles('docs', pictures, ROOT, []);
    console.log(`wrote ${pictures.map((p) => `docs/${p.name}`).join(', ')} from: lucheck ${PICTURE_ARGS.join(' ')} --reporter html:DIR`);
  }
}
