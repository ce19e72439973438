// Model files wherever users keep them: ESM or CommonJS packages, folders with or without a
// package.json or node_modules, every extension lucheck takes. Each is checked by the real
// binary from a folder of its own outside the repository, with nothing installed there.
import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runLucheck } from '../support/lucheckBinary.ts';

/** The README's own model example ('Writing your own model'). */
async function readmeModel(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Writing your own model'));
  return /```ts\n([\s\S]*?)```/.exec(section)![1]!;
}

/** What `npm init -y` writes: a package that says it is CommonJS. */
const NPM_INIT = JSON.stringify({ name: 'my-models', version: '1.0.0', main: 'index.js', type: 'commonjs' });

const ESM_MODEL = (name: string) => `import { createMachine, assign } from 'xstate';
import { defineModel } from 'lucheck';
export default defineModel({
  name: '${name}',
  machine: () => createMachine({ context: { n: 0 }, initial: 'a', states: { a: { on: { INC: { guard: ({ context }) => context.n < 3, actions: assign({ n: ({ context }) => context.n + 1 }) } } } } }),
  events: () => [{ type: 'INC' }],
  isFinal: () => true,
  invariants: [{ id: 'SMALL', title: 'n at most 3', description: 'the guard stops INC at 3', check: (s) => s.context.n <= 3 || 'n > 3' }],
});
`;

const CJS_MODEL = (name: string) => `const { createMachine, assign } = require('xstate');
const { defineModel } = require('lucheck');
module.exports = defineModel({
  name: '${name}',
  machine: () => createMachine({ context: { n: 0 }, initial: 'a', states: { a: { on: { INC: { guard: ({ context }) => context.n < 3, actions: assign({ n: ({ context }) => context.n + 1 }) } } } } }),
  events: () => [{ type: 'INC' }],
  isFinal: () => true,
  invariants: [{ id: 'SMALL', title: 'n at most 3', description: 'the guard stops INC at 3', check: (s) => s.context.n <= 3 || 'n > 3' }],
});
`;

// What tsc emits for the ESM model with "module": "commonjs" (the default export as exports.default).
const TSC_CJS_MODEL = (name: string) => `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const xstate_1 = require("xstate");
const lucheck_1 = require("lucheck");
exports.default = (0, lucheck_1.defineModel)({
  name: '${name}',
  machine: () => (0, xstate_1.createMachine)({ context: { n: 0 }, initial: 'a', states: { a: { on: { INC: { guard: ({ context }) => context.n < 3, actions: (0, xstate_1.assign)({ n: ({ context }) => context.n + 1 }) } } } } }),
  events: () => [{ type: 'INC' }],
  isFinal: () => true,
  invariants: [{ id: 'SMALL', title: 'n at most 3', description: 'the guard stops INC at 3', check: (s) => s.context.n <= 3 || 'n > 3' }],
});
`;

describe('loading model files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lucheck-load-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes the files, checks `file` from `dir`, and expects a pass over `states` states. */
  async function expectPass(files: Record<string, string>, file: string, states: number, args: string[] = []): Promise<void> {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const r = await runLucheck(['check', file, ...args], { cwd: dir });
    expect(r.code, `${r.stdout}\n${r.stderr}`).to.equal(0);
    expect(r.stdout).to.contain(`over ${states} distinct states`);
  }

  it("loads the README's model example from a CommonJS package (the package.json that npm init -y writes)", async () => {
    await expectPass({ 'package.json': NPM_INIT, 'bounded-counter.ts': await readmeModel() }, './bounded-counter.ts', 6, ['--set', 'limit=5']);
  });

  it('loads a CommonJS model (require, module.exports) with neither xstate nor lucheck installed beside it', async () => {
    await expectPass({ 'package.json': NPM_INIT, 'model.js': CJS_MODEL('cjs') }, './model.js', 4);
  });

  it('loads a .cjs model, and what tsc emits for an ESM model compiled to CommonJS (exports.default)', async () => {
    await expectPass({ 'model.cjs': CJS_MODEL('cjs-ext') }, './model.cjs', 4);
    await expectPass({ 'package.json': NPM_INIT, 'compiled.js': TSC_CJS_MODEL('tsc-cjs') }, './compiled.js', 4);
  });

  it('loads .ts, .mts, .js and .mjs models from a folder without a package.json', async () => {
    for (const ext of ['ts', 'mts', 'js', 'mjs']) await expectPass({ [`model.${ext}`]: ESM_MODEL(ext) }, `./model.${ext}`, 4);
  });

  it('loads a .js model from an ESM package, and a .ts model that imports a file beside it in a CommonJS package', async () => {
    await expectPass({ 'package.json': JSON.stringify({ name: 'esm', type: 'module' }), 'model.js': ESM_MODEL('esm-js') }, './model.js', 4);
    await expectPass(
      {
        'package.json': NPM_INIT,
        'bound.ts': 'export const BOUND = 3;\n',
        'model.ts': ESM_MODEL('imports').replace("import { defineModel } from 'lucheck';", "import { defineModel } from 'lucheck';\nimport { BOUND } from './bound.ts';").replace('context.n < 3', 'context.n < BOUND'),
      },
      './model.ts',
      4,
    );
  });

  it('says in one line what a file that is not a model is, for a CommonJS file that exports something else (exit 3, the model is wrong)', async () => {
    await writeFile(join(dir, 'other.cjs'), 'module.exports = { name: 42 };\n');
    const r = await runLucheck(['check', './other.cjs'], { cwd: dir });
    expect(r.code).to.equal(3);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.contain('does not default-export a model');
  });

  it("passes on defineModel's own complaint about a model file as it is, without an error class name (exit 3)", async () => {
    await writeFile(
      join(dir, 'bad.mjs'),
      "import { defineModel } from 'lucheck';\nexport default defineModel({ name: 'bad', machine: {}, events: () => [], invariants: [] });\n",
    );
    const r = await runLucheck(['check', './bad.mjs'], { cwd: dir });
    expect(r.code).to.equal(3);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.contain('model file ./bad.mjs: model "bad": `machine` must be a function');
    expect(r.stderr).not.to.contain('UsageError');
  });
});
