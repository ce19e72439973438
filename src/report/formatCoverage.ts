import type { Coverage } from '../coverage/Coverage.ts';
import { formatCount } from './formatNumber.ts';

const LISTED = 8;

function list(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join('; ');
  return items.length > LISTED ? `${shown}; and ${items.length - LISTED} more (--format json lists all)` : shown;
}

/**
 * The coverage lines of the text report: how many declared transitions fired and state nodes
 * were reached, then those never fired or reached (a transition no run can take is usually a
 * modelling bug). After an early stop the figures cover the explored part only and say so,
 * without the lists: there, "never fired" says more about where the search stopped than about
 * the model. `partial` says what the figures cover when incomplete (a simulation: its walks).
 */
export function formatCoverage(c: Coverage, partial = 'in the part explored before the search stopped'): string[] {
  const fired = c.transitions.filter((t) => t.fired > 0).length;
  const reached = c.stateCount - c.unreachedStates.length;
  const scope = c.complete ? '' : ` (${partial})`;
  const lines = [`coverage${scope}: ${formatCount(fired)} of ${formatCount(c.transitions.length)} transitions fired, ${formatCount(reached)} of ${formatCount(c.stateCount)} state nodes reached`];
  if (!c.complete) return lines;
  const never = c.transitions.filter((t) => t.fired === 0).map((t) => `${t.source}: ${t.label}`);
  if (never.length > 0) lines.push(`  never fired: ${list(never)}`);
  if (c.unreachedStates.length > 0) lines.push(`  never reached: ${list(c.unreachedStates)}`);
  return lines;
}
