import type { CheckResult } from '../CheckResult.ts';
import type { EnvironmentKind } from '../adapter/environment.ts';

/** The environment kinds a result explored (undefined: all the model declares). */
export function exploredEnvironment(result: Pick<CheckResult, 'environment'>): EnvironmentKind[] | undefined {
  const e = result.environment;
  if (!e || (e.delays !== false && e.actors !== false)) return undefined;
  return (['delays', 'actors'] as const).filter((k) => e[k] !== false);
}
