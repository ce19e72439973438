// Module resolution hooks for model files, which may live anywhere on disk:
// - a model may `import ... from 'lucheck'` or from 'xstate' without installing them next to
//   it: when ordinary resolution from the model's own folder fails for those names, they
//   resolve from this lucheck installation;
// - a .ts or .js model file (or a file it imports, outside node_modules) written with ESM
//   syntax (`import`/`export` statements) is loaded as an ES module, also inside a package whose
//   package.json says "type": "commonjs" (what `npm init -y` writes; TypeScript compiles such
//   a .ts file to CommonJS, but Node would load it as CommonJS as it is, and fail); files
//   without ESM syntax load as their package says.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED = /^(lucheck|xstate)(\/.*)?$/;
const ESM_SYNTAX = /^\s*(import|export)\b/m;

/** The "type" of the nearest package.json above `file`, or undefined. */
function packageType(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return JSON.parse(readFileSync(pkg, 'utf8')).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function detectFormat(file) {
  if (file.endsWith('.mjs') || file.endsWith('.mts')) return 'module';
  if (file.endsWith('.cjs') || file.endsWith('.cts')) return 'commonjs';
  if (ESM_SYNTAX.test(readFileSync(file, 'utf8'))) return 'module';
  return packageType(file) === 'module' ? 'module' : 'commonjs';
}

// The model file the user named is imported with this query: it resolves to exactly that file
// (tsx would otherwise serve a .ts file lying beside a named .js file).
const ENTRY = '?lucheck-entry';

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('file:') && specifier.endsWith(ENTRY) && /\.[cm]?js\?/.test(specifier)) {
    const url = specifier.slice(0, -ENTRY.length);
    return { url, format: detectFormat(fileURLToPath(url)), shortCircuit: true };
  }
  let result;
  try {
    result = await next(specifier, context);
  } catch (error) {
    if (!SHARED.test(specifier) || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return next(specifier, { ...context, parentURL: new URL('./lucheck.js', import.meta.url).href });
  }
  if (result.format === 'commonjs' && /\.(ts|js)$/.test(result.url) && result.url.startsWith('file:') && !result.url.includes('/node_modules/')) {
    const file = fileURLToPath(result.url);
    if (ESM_SYNTAX.test(readFileSync(file, 'utf8'))) return { ...result, format: 'module' };
  }
  return result;
}
