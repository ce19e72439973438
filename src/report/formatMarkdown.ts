import { counterexampleText, fairnessPhrase, loopLine, violationHeadline } from './violationText.ts';
import type { CheckResult, Violation } from '../CheckResult.ts';
import { changeTableMarkdown } from './changeTable.ts';
import { formatCount, formatDuration } from './formatNumber.ts';
import { markdownCode, markdownTable, markdownText } from './markdownText.ts';
import { sequenceDiagram } from './sequenceDiagram.ts';
import type { ReportRun } from './ReportRun.ts';
import { formatParams } from './formatText.ts';
import { stopReason } from './stopReason.ts';

/** Steps of a counterexample drawn and tabulated; longer traces keep their last steps (see the full trace with --format json). */
const MAX_STEPS = 200;

/** First line of every summary; also how `lucheck` recognises a file it wrote (so it may overwrite it). */
export const MARKDOWN_MARKER = '<!-- lucheck summary -->';

function verdictText(result: CheckResult): string {
  switch (result.verdict) {
    case 'pass':
      return 'pass';
    case 'incomplete':
      return `incomplete (${stopReason(result.incomplete!).where})`;
    case 'error':
      return `**model error** (${result.error!.code})`;
    case 'deadlock':
      return '**deadlock**';
    case 'liveness':
      return `**liveness**: ${result.violations.map((v) => markdownText(v.id)).join(', ')} ${result.violations.length === 1 ? 'fails' : 'fail'}`;
    default:
      return `**violation** of ${markdownText(result.violations[0]!.id)}`;
  }
}

/** A fenced block whose fence is longer than any run of backticks in `text`. */
function fenced(info: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}\n`;
}

function violationSection(run: ReportRun, v: Violation): string {
  const r = run.result;
  const model = run.modelName ?? r.model;
  const what = violationHeadline(v);
  const kind = counterexampleText(v, r.strategy);
  const parts = [
    `### ${markdownText(model)}: ${markdownText(what)}\n`,
    `${markdownCode(formatParams(r.params) || '(no parameters)', false)}\n`,
    `> ${markdownText(v.message)}\n`,
    `${markdownText(kind[0]!.toUpperCase() + kind.slice(1))}${v.loop ? ` ${markdownText(fairnessPhrase(r))}; ${markdownText(loopLine(v)!)}` : ''}:\n`,
    fenced('mermaid', sequenceDiagram(v, { maxSteps: MAX_STEPS })),
    'What changed in each step:\n',
    changeTableMarkdown(v.trace, { maxSteps: MAX_STEPS }),
  ];
  if (run.command) parts.push('Reproduce:\n', fenced('sh', `${run.command} --format json --out trace.json\nlucheck replay trace.json`));
  return parts.join('\n');
}

/**
 * A Markdown job summary (for `$GITHUB_STEP_SUMMARY` or a PR comment): a verdict table with a
 * row per run (model, parameters, verdict, states, depth, time), then for every violation or
 * deadlock its interleaving as a ```` ```mermaid ```` sequence diagram and its per-step change
 * table. Model errors are quoted under the table. Pure.
 */
export function formatMarkdown(runs: readonly ReportRun[]): string {
  const rows = runs.map((run) => {
    const r = run.result;
    return [
      markdownText(run.modelName ?? r.model),
      markdownCode(formatParams(r.params) || '(none)'),
      verdictText(r),
      formatCount(r.stats.distinct),
      String(r.stats.maxDepth),
      formatDuration(r.stats.elapsedMs),
    ];
  });
  const out = [MARKDOWN_MARKER, '## lucheck\n', markdownTable(['model', 'parameters', 'verdict', 'states', 'depth', 'time'], rows, [3, 4, 5])];
  for (const run of runs) {
    const r = run.result;
    if (r.verdict === 'error') out.push(`> model error in ${markdownText(run.modelName ?? r.model)} (${markdownCode(r.error!.code, false)}): ${markdownText(r.error!.message)}\n`);
    for (const v of r.violations) out.push(violationSection(run, v));
  }
  return out.join('\n');
}
