import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceLocation } from '../report/ReportRun.ts';

/** Upper bound on the files followed, so a model importing a whole tree cannot stall a report. */
const MAX_FILES = 2000;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The file a relative import names: as written, `.js` written for `.ts`, or with an extension or `/index` added. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.(m?)js$/, '.$1ts'), `${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`];
  return candidates.find(isFile);
}

/** The model file and every file it imports by relative path, transitively, in breadth-first order. */
function moduleFiles(entry: string): string[] {
  const seen = new Set([entry]);
  const queue = [entry];
  for (let i = 0; i < queue.length && queue.length < MAX_FILES; i++) {
    const text = readFileSync(queue[i]!, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const file = resolveImport(queue[i]!, m[2]!);
      if (file && !file.includes(`${sep}node_modules${sep}`) && !seen.has(file)) {
        seen.add(file);
        queue.push(file);
      }
    }
  }
  return queue;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/abs/invariants/inv06.ts` → `invariants/inv06.ts` under `cwd`; files outside it keep their absolute path. */
function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/**
 * Where a model's invariants are defined, for reporters that point at source (SARIF, GitHub
 * annotations): for each id, the first file, among the model file and those it imports by
 * relative path (transitively, breadth-first, outside node_modules), with a line declaring
 * `id: 'ID'` (any quotes); `DEADLOCK` maps to the model file's `defineModel(` line. Paths are
 * relative to `cwd`. Ids declared some other way (computed, or in a package) are left out.
 *
 * This reads source text at the CLI edge rather than asking models to record their file: the
 * model API stays free of paths, and it works for every existing model unchanged.
 */
export function locateInvariants(modelFile: string, ids: readonly string[], cwd: string): Record<string, SourceLocation> {
  const found: Record<string, SourceLocation> = {};
  const files = moduleFiles(modelFile);
  const patterns = ids.map((id) => [id, new RegExp(`\\bid\\s*:\\s*(['"\`])${escapeRegExp(id)}\\1`)] as const);
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const [id, pattern] of patterns) {
      if (found[id]) continue;
      const index = lines.findIndex((l) => pattern.test(l));
      if (index >= 0) found[id] = { file: displayPath(file, cwd), line: index + 1 };
    }
  }
  const modelLines = readFileSync(modelFile, 'utf8').split('\n');
  found.DEADLOCK ??= { file: displayPath(modelFile, cwd), line: Math.max(1, modelLines.findIndex((l) => /\bdefineModel\s*\(/.test(l)) + 1) };
  return found;
}
