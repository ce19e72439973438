import type { StateValue } from 'xstate';

/**
 * Prints a state value as its active leaf paths: `idle`, `a.b`, or `p0.critical p1.idle` for
 * parallel regions. Pure.
 */
export function formatStateValue(value: StateValue, prefix = ''): string {
  if (typeof value === 'string') return prefix + value;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    parts.push(v === undefined ? prefix + k : formatStateValue(v as StateValue, `${prefix}${k}.`));
  }
  return parts.join(' ');
}
