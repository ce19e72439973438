// Module resolution hooks for model files, which may live anywhere on disk:
// - a model may `import ... from 'lucheck'` or from 'xstate' without installing them next to
//   it: when ordinary resolution from the model's own folder fails for those names, they
//   resolve from this lucheck installation;
// - a .ts or .js file with ESM syntax outside any package that declares "type" is loaded as
//   an ES module (Node's own syntax detection does this for .js; tsx would otherwise load such
//   a .ts file as CommonJS and fail on its imports of ES modules).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED = /^(lucheck|xstate)(\/.*)?$/;
const ESM_SYNTAX = /^\s*(import|export)\b/m;

function declaresType(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return JSON.parse(readFileSync(pkg, 'utf8')).type !== undefined;
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

export async function resolve(specifier, context, next) {
  let result;
  try {
    result = await next(specifier, context);
  } catch (error) {
    if (!SHARED.test(specifier) || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return next(specifier, { ...context, parentURL: new URL('./lucheck.js', import.meta.url).href });
  }
  if (result.format === 'commonjs' && /\.(ts|js)$/.test(result.url) && result.url.startsWith('file:') && !result.url.includes('/node_modules/')) {
    const file = fileURLToPath(result.url);
    if (!declaresType(file) && ESM_SYNTAX.test(readFileSync(file, 'utf8'))) return { ...result, format: 'module' };
  }
  return result;
}
