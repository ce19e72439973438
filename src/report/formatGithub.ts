import { formatCount, formatDuration } from './formatNumber.ts';
import { formatEvent } from './formatEvent.ts';
import { configurationName, type ReportRun } from './ReportRun.ts';
import type { Violation } from '../CheckResult.ts';
import { counterexampleText, fairnessPhrase, loopLine, violationHeadline } from './violationText.ts';
import { stopReason } from './stopReason.ts';

/** A workflow command's message: `%`, `\r` and `\n` as `%25`, `%0D`, `%0A` (the runner decodes them). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as a message, plus `:` and `,` as `%3A` and `%2C`. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::NAME key=value,...::message`, everything escaped. */
export function workflowCommand(name: 'error' | 'warning' | 'notice', properties: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeGithubData(message)}`;
}

/** The steps of a counterexample as short lines: number, actor, event (the full trace is in the other reports). */
function stepLines(v: Violation): string[] {
  const lines = v.trace.filter((t) => t.step > 0).map((t) => `${t.step}. ${t.actor ? `${t.actor}: ` : ''}${formatEvent(t.event)}`);
  if (v.loop) lines.splice(v.loop.start, 0, `-- ${loopLine(v)}:`);
  return lines;
}

function annotation(run: ReportRun): string {
  const r = run.result;
  const config = configurationName(run);
  const explored = `${formatCount(r.stats.distinct)} distinct states (depth ${r.stats.maxDepth}) in ${formatDuration(r.stats.elapsedMs)}`;
  switch (r.verdict) {
    case 'pass':
      if (r.properties?.length) {
        const m = r.properties.length;
        return workflowCommand('notice', { title: `lucheck: pass (${r.invariants.length} invariant${r.invariants.length === 1 ? '' : 's'}, no deadlock, ${m} propert${m === 1 ? 'y' : 'ies'})` }, `${config}: every invariant holds, no deadlock, and every property holds ${fairnessPhrase(r)} over ${explored}`);
      }
      return workflowCommand('notice', { title: `lucheck: pass (${r.invariants.length} invariant${r.invariants.length === 1 ? '' : 's'}, no deadlock)` }, `${config}: every invariant holds and no deadlock over ${explored}`);
    case 'incomplete':
      return workflowCommand(
        'notice',
        { title: 'lucheck: incomplete' },
        `${config}: the search stopped at ${stopReason(r.incomplete!).where} after ${explored}; no violation in what was explored`,
      );
    case 'error':
      return workflowCommand('error', { title: `lucheck: model error (${r.error!.code})` }, `${config}: ${r.error!.message}`);
    case 'liveness':
      return r.violations.map((v) => violationAnnotation(run, v)).join('\n');
    default:
      return violationAnnotation(run, r.violations[0]!);
  }
}

/** An `::error` for a violation, at its definition when the run knows it. */
function violationAnnotation(run: ReportRun, v: Violation): string {
  const config = configurationName(run);
  const where = run.locations?.[v.id];
  const title = `lucheck: ${violationHeadline(v)}`;
  const steps = v.trace.length - 1;
  const kind = v.loop ? `${counterexampleText(v, run.result.strategy)} ${fairnessPhrase(run.result)}` : `counterexample, ${steps} step${steps === 1 ? '' : 's'}`;
  const body = [`${config}: ${v.message}`, `${kind}:`, ...stepLines(v)];
  if (run.command) body.push(`reproduce: ${run.command}`);
  return workflowCommand('error', { file: where?.file, line: where?.line, title }, body.join('\n'));
}

/**
 * GitHub Actions workflow commands, one line per run (one per failing property for the liveness
 * verdict): `::error` for a violation, a deadlock, a failing property or a model error (with `file=`/`line=` at the invariant's definition when the run knows it), and
 * `::notice` for a pass or an incomplete search. Titles start with `lucheck`. Pure.
 */
export function formatGithub(runs: readonly ReportRun[]): string {
  return runs.map((run) => annotation(run) + '\n').join('');
}
