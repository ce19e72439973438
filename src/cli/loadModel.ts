import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isModel, type Model } from '../model/defineModel.ts';
import { ModelError, UsageError, describeThrown } from '../model/errors.ts';
import { BUILTIN_MODELS } from './builtinModels.ts';

export interface LoadedModel {
  readonly model: Model;
  /** The name for built-ins; the absolute path for files (so a saved trace replays anywhere). */
  readonly ref: string;
}

const MODEL_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** True when `arg` names a file rather than a built-in model. */
export function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || MODEL_FILE.test(arg);
}

async function importModel(url: URL, what: string): Promise<Model> {
  let mod: { default?: unknown };
  try {
    mod = (await import(url.href)) as { default?: unknown };
  } catch (error) {
    // defineModel's own complaint about the file (a bad field) is the user's to read as it is
    if (error instanceof ModelError) throw new ModelError(error.code, `${what}: ${error.message}`, { cause: error });
    if (error instanceof UsageError) throw new UsageError(`${what}: ${error.message}`);
    // the file does not compile, or throws as it loads: the model's fault (exit 3)
    throw new ModelError('invalid-model', `cannot load ${what}: ${describeThrown(error).split('\n')[0]}`, { cause: error });
  }
  // a CommonJS module compiled from ESM (`exports.default = ...`) comes as { default: { default } }
  const inner = (mod.default as { default?: unknown } | undefined)?.default;
  if (!isModel(mod.default) && isModel(inner)) return inner;
  if (!isModel(mod.default)) {
    throw new ModelError('invalid-model', `${what} does not default-export a model; write \`export default defineModel({ name, machine, events, invariants })\``);
  }
  return mod.default;
}

/** Loads a built-in model by name or a model module by path (relative to `cwd`). */
export async function loadModel(arg: string, cwd: string): Promise<LoadedModel> {
  if (!looksLikePath(arg)) {
    const url = Object.hasOwn(BUILTIN_MODELS, arg) ? BUILTIN_MODELS[arg] : undefined;
    if (!url) {
      throw new UsageError(
        `unknown model '${arg}'; built-in models: ${Object.keys(BUILTIN_MODELS).join(', ')}; or give the path of a .ts/.js model file`,
      );
    }
    return { model: await importModel(url, `built-in model ${arg}`), ref: arg };
  }
  const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(`model file not found: ${path}; give the path of a .ts/.js model file, or a built-in model: ${Object.keys(BUILTIN_MODELS).join(', ')}`);
  }
  if (!MODEL_FILE.test(path)) throw new UsageError(`model file ${arg} must end in .ts, .mts, .cts, .js, .mjs or .cjs`);
  // The query makes the resolve hook (bin/resolveHook.js) load exactly the named .js file.
  const url = pathToFileURL(path);
  if (/\.[cm]?js$/.test(path)) url.search = '?lucheck-entry';
  return { model: await importModel(url, `model file ${arg}`), ref: path };
}
