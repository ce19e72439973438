import type { CheckResult, InvariantInfo } from '../CheckResult.ts';
import type { ParamValue } from '../model/params.ts';

/** Where something is defined: a path relative to the source root (`/`-separated) and a 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * One check as the CI reporters (JUnit, GitHub, Markdown, SARIF) see it: the result, plus what
 * only the CLI knows. Every field but `result` is optional, so the formatters stay usable on a
 * bare `CheckResult` (e.g. from the `check()` API).
 */
export interface ReportRun {
  readonly result: CheckResult;
  /** The model as the user named it (default `result.model`, an absolute path for model files). */
  readonly modelName?: string;
  /** The command line that reproduces the run. */
  readonly command?: string;
  /**
   * Where each invariant (by id, plus `DEADLOCK` for the model itself) is defined. Filled by the
   * CLI, which can read files; a missing entry means "not known", and reporters then omit it.
   */
  readonly locations?: Readonly<Record<string, SourceLocation>>;
}

function paramValue(v: ParamValue): string {
  if (Array.isArray(v)) return v.length ? v.join('+') : 'none';
  return String(v);
}

/**
 * The configuration a run checked, as `model[key=value,...]` (`live-update[backend=iommufd,bugs=B1+B2]`):
 * list values are joined with `+` so that `,` only separates parameters. Just the model name when
 * it has no parameters.
 */
export function configurationName(run: ReportRun): string {
  const model = run.modelName ?? run.result.model;
  const params = Object.entries(run.result.params).map(([k, v]) => `${k}=${paramValue(v)}`);
  return params.length ? `${model}[${params.join(',')}]` : model;
}

/** The property every check also has: no deadlock (lucheck always checks it). */
export const DEADLOCK_INFO: InvariantInfo = Object.freeze({
  id: 'DEADLOCK',
  title: 'no reachable non-final state is stuck',
  description: 'every reachable state that is not final has an enabled event; a stuck state means the protocol can hang',
});

/** The title of invariant or property `id` (`''` when the result does not know it); `DEADLOCK` has a fixed one. */
export function titleOf(result: CheckResult, id: string): string {
  if (id === DEADLOCK_INFO.id) return DEADLOCK_INFO.title;
  return result.invariantInfo?.find((i) => i.id === id)?.title ?? result.propertyInfo?.find((i) => i.id === id)?.title ?? result.violations.find((v) => v.id === id)?.title ?? '';
}
