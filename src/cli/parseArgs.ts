import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError } from '../model/errors.ts';

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
      throw new UsageError(`option ${opt.split(' ')[0]} of lucheck ${command} ${options[opt.replace(/^-+/, '').split(' ')[0]!]?.type === 'boolean' ? 'takes no value' : 'needs a value'}`);
    }
    throw new UsageError(`lucheck ${command}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`lucheck ${command}: unexpected argument '${parsed.positionals[maxPositionals]}'; see lucheck --help`);
  }
  return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
}

/** Parses a numeric flag: a non-negative number. */
export function numberFlag(flag: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`bad value '${raw}' for ${flag}; allowed: a non-negative ${integer ? 'integer' : 'number'}`);
  }
  return n;
}

/** `--set key=value` items into an object; later items win. */
export function parseSets(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`bad --set '${item}'; write --set name=value`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}
