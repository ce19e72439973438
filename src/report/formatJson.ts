import type { CheckResult } from '../CheckResult.ts';

/** Marks a JSON document as a lucheck check result (and so as a trace file `replay` reads). */
export const RESULT_SCHEMA = 'lucheck.check/1';

/** The `--format json` document: the CheckResult, with its schema tag, on one line. Pure. */
export function formatJson(result: CheckResult): string {
  return JSON.stringify({ schema: RESULT_SCHEMA, ...result }) + '\n';
}
