// Arguments that `lucheck check` and `lucheck simulate` read alike.
import { UsageError } from '../model/errors.ts';
import { ENVIRONMENT_KINDS, type EnvironmentKind } from '../adapter/environment.ts';
import { ENGINES, type Engine } from '../compiled/createSystem.ts';

/** `--environment LIST`: the environment's events to explore, `delays` and `actors` (comma-separated), or `none`. */
export function parseEnvironment(value: string | undefined, where: string): EnvironmentKind[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return [];
  const kinds = value.split(',').map((k) => k.trim());
  for (const k of kinds) {
    if (!(ENVIRONMENT_KINDS as readonly string[]).includes(k)) throw new UsageError(`unknown ${where} value '${k}'; allowed: ${ENVIRONMENT_KINDS.join(', ')} (comma-separated), or none`);
  }
  return kinds as EnvironmentKind[];
}

/** The arguments of this run minus those that only choose outputs or checkpoints (and the flags in `leaveOut`, each with its value), for the `reproduce:` line (and a checkpoint's command). */
export function reproducibleArgs(args: readonly string[], impliedModel: string | undefined, leaveOut: readonly string[] = []): string[] {
  const out: string[] = impliedModel ? [impliedModel] : [];
  const outputFlags = new Set(['--format', '--out', '--reporter', '--checkpoint', '--checkpoint-every', '--resume', ...leaveOut]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.split('=')[0]!;
    if (outputFlags.has(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    out.push(/^[\w./:=,@+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  }
  return out;
}


/** `--engine NAME`: one of the engines `createSystem` takes, checked before the model is loaded. */
export function engineFlag(value: string | undefined): Engine | undefined {
  if (value === undefined) return undefined;
  if (!(ENGINES as readonly string[]).includes(value)) throw new UsageError(`unknown --engine '${value}'; allowed: ${ENGINES.join(', ')}`);
  return value as Engine;
}
