// One configuration of the live-update matrix as `npm run check` and the README's verdict table
// run it: its invariants (and deadlock) without the progress properties (or the ids the row
// checks only), then the progress properties alone; each against its expectation.
import { check, type CheckResult } from 'lucheck';
import liveUpdate from '../machines/liveUpdate.ts';
import { progressExpectation, type MatrixRow } from '../machines/matrix.ts';

const INVARIANT_IDS = (liveUpdate.invariants ?? []).map((i) => i.id);
const PROPERTY_IDS = (liveUpdate.properties ?? []).map((p) => p.id);

export interface RowRun {
  readonly safety: CheckResult;
  /** Safety as `verdict ID` (the id for a violation, a deadlock or a failing property). */
  readonly got: string;
  readonly want: string;
  readonly progress: { readonly result: CheckResult; readonly got: string; readonly want: string; readonly why: string };
  readonly ok: boolean;
}

/** `verdict` with the ids of what failed: `violation INV-5`, `liveness LIV-1,HANDOVER`, `pass`. */
export function verdictText(r: CheckResult): string {
  return r.violations.length > 0 ? `${r.verdict} ${r.violations.map((v) => v.id).join(',')}` : r.verdict;
}

export async function runRow(row: MatrixRow): Promise<RowRun> {
  const safety = await check(liveUpdate, { params: row.params, invariants: row.only ?? INVARIANT_IDS });
  const got = verdictText(safety);
  const want = row.expect.invariant ? `${row.expect.verdict} ${row.expect.invariant}` : row.expect.verdict;
  const result = await check(liveUpdate, { params: row.params, invariants: PROPERTY_IDS, coverage: false });
  const expected = progressExpectation(result.params);
  const progress = { result, got: verdictText(result), want: expected.fails.length > 0 ? `liveness ${expected.fails.join(',')}` : 'pass', why: expected.why };
  return { safety, got, want, progress, ok: got === want && progress.got === progress.want };
}
