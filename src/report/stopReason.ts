import type { CheckResult } from '../CheckResult.ts';
import { formatMiB } from './formatNumber.ts';

const FLAG_FOR_REASON = { 'max-states': '--max-states', 'max-depth': '--max-depth', 'time-limit': '--time-limit', memory: '--memory' } as const;

/**
 * Where an incomplete search stopped, as every report says it: at a bound and its value
 * (`--max-states 1000`, `--memory 512.0 MiB`), or interrupted (by a signal, named when known);
 * for a simulation, at the end of its walks (`--runs 1000`).
 */
export function stopReason(inc: NonNullable<CheckResult['incomplete']>): { readonly where: string; readonly further: string } {
  if (inc.reason === 'runs') return { where: `--runs ${inc.limit}`, further: 'a simulation never shows that nothing fails: lucheck check explores every state' };
  if (inc.reason === 'interrupted') return { where: `an interrupt${inc.signal ? ` (${inc.signal})` : ''}`, further: 'run it again without interrupting it' };
  const flag = FLAG_FOR_REASON[inc.reason];
  return { where: `${flag} ${inc.reason === 'memory' ? formatMiB(inc.limit!) : inc.limit}`, further: `raise ${flag} to go further` };
}
