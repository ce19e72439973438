import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError, shortValue } from '../model/errors.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
}

/**
 * `node:util` parseArgs, strict, with its errors turned into one-line usage errors that list
 * the options the command accepts.
 */
export function parseArgs(command: string, args: readonly string[], options: Readonly<Record<string, OptionSpec>>, maxPositionals: number) {
  let parsed;
  try {
    parsed = nodeParseArgs({ args: [...args], options: options as never, strict: true, allowPositionals: true });
  } catch (error) {
    const allowed = Object.keys(options).map((o) => `--${o}`).join(', ');
    const code = (error as { code?: string }).code;
    const m = /'(-[^']*)'/.exec((error as Error).message);
    const opt = m?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${opt} for lucheck ${command}; allowed: ${allowed}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = opt.split(' ')[0]!;
      throw new UsageError(
        options[flag.replace(/^-+/, '')]?.type === 'boolean'
          ? `option ${flag} of ${command} takes no value`
          : `option ${flag} of ${command} needs a value (write ${flag}=VALUE for a value that starts with '-')`,
      );
    }
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`${command}: unexpected argument '${parsed.positionals[maxPositionals]}'; see lucheck --help`);
  }
  return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
}

/** What each numeric bound accepts; the same rule for the flag and the config-file key. */
export const NUMERIC_BOUNDS = {
  '--max-states': { integer: true, min: 1, allowed: 'a positive integer' },
  '--expect-states': { integer: true, min: 1, max: 2 ** 31 - 1, allowed: 'an integer from 1 to 2147483647 (distinct states)' },
  '--max-depth': { integer: true, min: 0, allowed: 'a non-negative integer' },
  '--time-limit': { integer: false, min: Number.MIN_VALUE, allowed: 'a positive number of seconds' },
  '--workers': { integer: true, min: 1, allowed: 'a positive integer (worker threads)' },
  '--checkpoint-every': { integer: false, min: 1, allowed: 'a number of seconds, at least 1' },
  '--runs': { integer: true, min: 1, max: 2 ** 31 - 1, allowed: 'an integer from 1 to 2147483647 (walks)' },
  // each walk's choices are drawn up front: a million steps is already 8 MB a walk
  '--depth': { integer: true, min: 1, max: 1_000_000, allowed: 'an integer from 1 to 1000000 (steps per walk)' },
} as const;

/** Parses a numeric bound given as text (flag) or number (config); `where` names it in errors. */
export function numberFlag(flag: keyof typeof NUMERIC_BOUNDS, raw: string | number | undefined, where: string = flag): number | undefined {
  if (raw === undefined) return undefined;
  const rule = NUMERIC_BOUNDS[flag];
  const n = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < rule.min || ('max' in rule && n > rule.max) || (rule.integer && !Number.isInteger(n))) {
    throw new UsageError(`bad value ${shortValue(raw)} for ${where}; allowed: ${rule.allowed}`);
  }
  return n;
}

/** `--memory 8G` / `512M` / `100000K` / bytes, into bytes. */
export function memoryFlag(raw: string | undefined, where = '--memory'): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(raw.trim());
  const n = m ? Number(m[1]) * 1024 ** ' KMGT'.indexOf((m[2] || ' ').toUpperCase()) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`bad value ${shortValue(raw)} for ${where}; allowed: a size such as 512M, 8G or a number of bytes`);
  return n;
}

/** `--set key=value` items into an object; later items win. */
export function parseSets(items: readonly string[]): Record<string, string> {
  // no prototype: `--set __proto__=1` is a key like any other (and refused as an unknown parameter)
  const out = Object.create(null) as Record<string, string>;
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`bad --set ${shortValue(item)}; write --set name=value`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}
