import type { TraceStep } from '../CheckResult.ts';
import { formatEvent } from './formatEvent.ts';
import { markdownCode, markdownTable, markdownText } from './markdownText.ts';

/** One context leaf that changed in a step: `path`, and its value before and after, as the trace shows them. */
export interface Change {
  readonly path: string;
  /** Compact JSON, or `(none)` when the leaf did not exist; cut with `…` past 80 characters. */
  readonly before: string;
  readonly after: string;
}

/** One step of a trace as the change table shows it: who did what, and what changed in the context. */
export interface ChangeRow {
  readonly step: number;
  /** `''` when the step has no actor (the initial state, or a model without regions). */
  readonly actor: string;
  /** `(initial)` for step 0, else the event as `TYPE(key=value, ...)`. */
  readonly event: string;
  readonly changes: readonly Change[];
}

/** True when `text` is one whole value as the trace prints it: `(none)`, a cut value, or JSON. */
function isValue(text: string): boolean {
  if (text === '(none)' || text.endsWith('…')) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits a trace change `path: old→new` into its parts. The arrow may also occur inside a JSON
 * string value, so the split is at the first arrow whose left side is a whole value. Text that
 * does not have this shape comes back whole as `path`, with empty values. Pure.
 */
export function parseChange(text: string): Change {
  const colon = text.indexOf(': ');
  if (colon < 0) return { path: text, before: '', after: '' };
  const path = text.slice(0, colon);
  const rest = text.slice(colon + 2);
  for (let i = rest.indexOf('→'); i >= 0; i = rest.indexOf('→', i + 1)) {
    if (isValue(rest.slice(0, i))) return { path, before: rest.slice(0, i), after: rest.slice(i + 1) };
  }
  return { path: text, before: '', after: '' };
}

/**
 * The data of the change table: one row per step of `trace` (step 0 included, so numbers line
 * up with the sequence diagram), each with the context leaves that step changed: counters,
 * pins, owners, syscall results. Never the whole state. Pure.
 */
export function changeRows(trace: readonly TraceStep[]): ChangeRow[] {
  return trace.map((t) => ({
    step: t.step,
    actor: t.actor ?? '',
    event: t.step === 0 ? '(initial)' : formatEvent(t.event),
    changes: t.changes.map(parseChange),
  }));
}

function changeCell(changes: readonly Change[]): string {
  if (changes.length === 0) return '—';
  return changes.map((c) => (c.before === '' && c.after === '' ? markdownCode(c.path) : `${markdownCode(c.path)}: ${markdownCode(c.before)} → ${markdownCode(c.after)}`)).join('<br>');
}

/**
 * The change table of `trace` in GitHub-flavoured Markdown: `step | actor | event | changes`,
 * one change per line of a cell. With `maxSteps`, a longer trace keeps its last `maxSteps`
 * steps (those leading to the violation) and a first row says which were left out, so a DFS
 * trace of thousands of steps cannot swell a job summary past GitHub's 1 MiB. Pure.
 */
export function changeTableMarkdown(trace: readonly TraceStep[], options: { readonly maxSteps?: number } = {}): string {
  const all = changeRows(trace);
  const steps = all.filter((r) => r.step > 0).length;
  const keep = Math.min(steps, options.maxSteps ?? Infinity);
  const shown = keep < steps ? all.slice(all.length - keep) : all;
  const rows = shown.map((r) => [String(r.step), markdownText(r.actor), markdownCode(r.event), changeCell(r.changes)]);
  if (keep < steps) rows.unshift(['…', '', '', `steps 1 to ${steps - keep} left out (${steps} in all)`]);
  return markdownTable(['step', 'actor', 'event', 'changes'], rows, [0]);
}
