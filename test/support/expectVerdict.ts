import type { CheckResult, Verdict } from 'lucheck';

/** Fails with the whole result formatted when the verdict is not the expected one. */
export function expectVerdict(result: CheckResult, verdict: Verdict): void {
  if (result.verdict !== verdict) {
    throw new Error(`expected verdict ${verdict}, got ${result.verdict}:\n${JSON.stringify(result, null, 2).slice(0, 4000)}`);
  }
}
