import type { CheckResult } from '../CheckResult.ts';

const EXPLORED = { delays: 'delayed transitions fire untimed, in any order', actors: 'invoked actors complete or fail at any time' } as const;
const EXCLUDED = { delays: 'delayed transitions', actors: "invoked actors' completions and failures" } as const;

/**
 * What a verdict assumes of the machine's environment, as one line: what was explored, and
 * what the verdict excludes. Undefined for a machine with neither delayed transitions nor
 * invoked actors. Pure.
 */
export function environmentText(r: Pick<CheckResult, 'environment'>): string | undefined {
  const env = r.environment;
  if (!env) return undefined;
  const kinds = (['delays', 'actors'] as const).filter((k) => env[k] !== undefined);
  if (kinds.length === 0) return undefined;
  const on = kinds.filter((k) => env[k]).map((k) => EXPLORED[k]);
  const off = kinds.filter((k) => !env[k]).map((k) => EXCLUDED[k]);
  return [...(on.length ? [on.join('; ')] : []), ...(off.length ? [`the verdict excludes ${off.join(' and ')} (--environment)`] : [])].join('; ');
}

/** The actions the machine declares that lucheck collects without running, as one line; undefined when there are none. Pure. */
export function notRunText(r: Pick<CheckResult, 'notRun'>): string | undefined {
  if (!r.notRun || r.notRun.length === 0) return undefined;
  return `${r.notRun.join(', ')} (they act only outside the machine: collected, not run, as by xstate's pure transition)`;
}
