// The HTML report: one self-contained page per run (inline CSS, JS and SVG; nothing loaded from
// anywhere), built from data computed beforehand, so this module stays pure.
import type { CheckResult } from '../CheckResult.ts';
import { coverageSection } from './htmlCoverage.ts';
import { HTML_SCRIPT } from './htmlScript.ts';
import { HTML_STYLE } from './htmlStyle.ts';
import { inlineSvg, scriptJson, violationSection, zoomControls, type ViolationChart } from './htmlViolation.ts';
import { formatCount, formatDuration, formatMiB } from './formatNumber.ts';
import { configurationName, type ReportRun } from './ReportRun.ts';
import { xmlText as text } from './xmlText.ts';
import { formatParams } from './formatText.ts';
import { environmentText, notRunText } from './environmentText.ts';
import { stopReason } from './stopReason.ts';
import { fairnessPhrase } from './violationText.ts';

export type { StepClasses, ViolationChart } from './htmlViolation.ts';

/** What the page is built from: the run, plus the pictures the CLI rendered for it. */
export interface HtmlReportInput extends ReportRun {
  /** Per violation, in the order of `result.violations`: its statechart, or undefined for none. */
  readonly charts?: readonly (ViolationChart | undefined)[];
  /** The statechart without a trace, shown when the run has no violation (trusted SVG markup). */
  readonly chartSvg?: string;
  /** SVG ids of the arrows of transitions that never fired; the page marks them `unfired`. */
  readonly unfiredIds?: readonly string[];
  /** Why there is no statechart, when there is none (shown in its place). */
  readonly chartNote?: string;
}

/**
 * The comment that opens every file of the HTML report (after `<!doctype html>` or the XML
 * declaration): how lucheck recognises its own files, so a rerun may replace them.
 */
export function reportComment(what: string): string {
  return `<!-- lucheck report: ${what.replace(/--/g, '- -')} -->`;
}

function verdictText(result: CheckResult): string {
  switch (result.verdict) {
    case 'pass':
      return `pass: ${result.invariants.length === 1 ? '1 invariant holds' : `all ${result.invariants.length} invariants hold`} and no deadlock${result.properties?.length ? `; ${result.properties.length === 1 ? 'its property holds' : `all ${result.properties.length} properties hold`} ${fairnessPhrase(result)}` : ''}`;
    case 'incomplete':
      return `incomplete: the search stopped at ${stopReason(result.incomplete!).where}, with no violation in what it explored`;
    case 'error':
      return `model error (${result.error!.code})`;
    case 'deadlock':
      return 'deadlock';
    case 'liveness':
      return `liveness: ${result.violations.map((v) => v.id).join(', ')} ${result.violations.length === 1 ? 'fails' : 'fail'} ${fairnessPhrase(result)}`;
    default: {
      const v = result.violations[0]!;
      return `violation of ${v.id}${v.title ? ` (${v.title})` : ''}`;
    }
  }
}

function summary(run: ReportRun): string {
  const r = run.result;
  const s = r.stats;
  const rows: [string, string][] = [
    ['model', `<code>${text(run.modelName ?? r.model)}</code>`],
    ['parameters', `<code>${text(formatParams(r.params) || '(none)')}</code>`],
    ['verdict', `<span class="verdict ${r.verdict}">${text(verdictText(r))}</span>`],
  ];
  if (r.verdict === 'error') rows.push(['model error', `<code>${text(r.error!.message)}</code>`]);
  rows.push(
    ['states', `${formatCount(s.distinct)} distinct, ${formatCount(s.generated)} generated`],
    ['depth', String(s.maxDepth)],
    ['time', `${formatDuration(s.elapsedMs)}${s.elapsedMs > 0 ? `, ${formatCount((s.distinct / s.elapsedMs) * 1000)} states/s` : ''}`],
    ['engine', text(`${r.engine}${r.engineNote ? ` (${r.engineNote})` : ''}`)],
    ...(environmentText(r) ? [['environment', text(environmentText(r)!)] as [string, string]] : []),
    ...(notRunText(r) ? [['actions not run', text(notRunText(r)!)] as [string, string]] : []),
    ['search', text(`${r.strategy}${r.symmetry ? ', up to symmetry' : ''}${r.dropAuxiliary ? `, without the auxiliary fields${audited(r)}` : ''}; ${r.invariants.length} invariant${r.invariants.length === 1 ? '' : 's'} checked: ${r.invariants.join(', ') || 'none'}${r.properties?.length ? `; properties ${r.properties.join(', ')} ${fairnessPhrase(r)}` : ''}`)],
    ['visited set', `${formatMiB(s.storeBytes)}; fingerprint collision probability ${s.collisionProbability.toExponential(1)} (optimistic)`],
  );
  const dl = `<dl class="summary">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
  if (!run.command) return dl;
  const reproduce = r.violations.length > 0 ? `${run.command} --format json --out trace.json\nlucheck replay trace.json` : run.command;
  return `${dl}<h3>Reproduce</h3><pre><code>${text(reproduce)}</code></pre>`;
}

/** What the auxiliary audit (`--check-determinism`) covered, as the text report says it. */
function audited(r: CheckResult): string {
  if (!r.auxiliaryAudit) return '';
  return r.auxiliaryAudit.guardsAndActions ? ' (audited: guards, actions, invariants, events, isFinal)' : ' (audited: invariants, events, isFinal; not guards and actions, run inside xstate by the reference engine)';
}

function chartOnly(svg: string): string {
  return [
    '<section class="chart-only">',
    '<h2>Statechart</h2>',
    `<div class="controls js-only">${zoomControls()}</div>`,
    `<div class="figure chart">${inlineSvg(svg)}</div>`,
    '<p class="legend js-only"><span><span class="swatch unfired"></span>never fired in the search</span></p>',
    '</section>',
  ].join('\n');
}

/**
 * The whole report page as HTML text: the run summary and reproduce command; per violation its
 * sequence diagram (inline SVG, Mermaid text alongside), its statechart with a step slider
 * (prev/next buttons, classes toggled by element id) and the per-step change table; the
 * statechart alone when nothing was violated; and coverage when the result has it. Every text
 * from the model or result is escaped; SVG strings are inlined as given (they must come from
 * `renderSvg` or `sequenceSvg`). Readable without JavaScript: the chart then shows the last
 * step. A Content-Security-Policy forbids every fetch. Pure and deterministic.
 */
export function htmlReport(input: HtmlReportInput): string {
  const r = input.result;
  const title = `lucheck ${configurationName(input)}: ${r.verdict}`;
  const body = [`<h1>lucheck: <code>${text(input.modelName ?? r.model)}</code> <span class="verdict ${r.verdict}">${text(r.verdict)}</span></h1>`, summary(input)];
  r.violations.forEach((v, i) => body.push(violationSection(v, i + 1, r.strategy, input.charts?.[i], input.chartNote, fairnessPhrase(r))));
  if (r.violations.length === 0 && input.chartSvg) body.push(chartOnly(input.chartSvg));
  if (r.coverage) body.push(coverageSection(r.coverage));
  body.push('<footer>Written by lucheck. This page is self-contained: it loads nothing from anywhere.</footer>');
  return [
    '<!doctype html>',
    reportComment('html'),
    '<html lang="en" class="nojs">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script type="application/json" id="unfired-transitions">${scriptJson(input.unfiredIds ?? [])}</script>`,
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
