// One violation (or deadlock) of the HTML report: the sequence diagram, the statechart with its
// step slider, and the table of what changed at each step.
import type { CheckResult, TraceStep, Violation } from '../CheckResult.ts';
import { changeRows } from './changeTable.ts';
import { sequenceDiagram } from './sequenceDiagram.ts';
import { sequenceSvg } from './sequenceSvg.ts';
import { counterexampleText, loopLine, violationHeadline } from './violationText.ts';
import { xmlText as text } from './xmlText.ts';

/** One step of a trace on the chart, as SVG element ids (what `traceHighlight` computes). */
export interface StepClasses {
  /** Ids of the states active after the step. */
  readonly active: readonly string[];
  /** Ids of the arrows the step took. */
  readonly taken: readonly string[];
}

/** A violation's statechart: the SVG (trusted markup from Graphviz) and, per trace step, what to mark. */
export interface ViolationChart {
  readonly svg: string;
  readonly steps: readonly StepClasses[];
}

/** Steps drawn in the sequence diagram; the change table always has them all. */
const MAX_DRAWN = 200;

/** JSON safe inside a `<script>` element: `<` escaped, so `</script>` cannot end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** An SVG document as an element to inline: the XML declaration, doctype and leading comments dropped. */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return start < 0 ? '' : svg.slice(start).trim();
}

/** The zoom buttons of a figure (shown only with JavaScript). */
export function zoomControls(): string {
  return (
    '<span class="zoom js-only">zoom <button type="button" data-zoom="out" title="smaller">−</button>' +
    '<button type="button" data-zoom="in" title="larger">+</button><button type="button" data-zoom="fit" title="fit to the page width">fit</button>' +
    '<button type="button" data-zoom="1" title="actual size">1:1</button> <span class="zoom-level">100%</span></span>'
  );
}

function stepLabel(t: TraceStep, steps: number): string {
  if (t.step === 0) return `step 0 of ${steps}: the initial state · ${t.state}`;
  return `step ${t.step} of ${steps}: ${t.actor ? `${t.actor} · ` : ''}${changeRows([t])[0]!.event} → ${t.state}`;
}

function changeTable(trace: readonly TraceStep[]): string {
  const rows = changeRows(trace).map((r, i) => {
    const changes = r.changes.length === 0 ? '—' : r.changes.map((c) => (c.before === '' && c.after === '' ? `<div><code>${text(c.path)}</code></div>` : `<div><code>${text(c.path)}</code>: <code>${text(c.before)}</code> → <code>${text(c.after)}</code></div>`)).join('');
    return `<tr data-step="${r.step}"><td class="num">${r.step}</td><td>${text(r.actor)}</td><td><code>${text(r.event)}</code></td><td><code>${text(trace[i]!.state)}</code></td><td class="changes">${changes}</td></tr>`;
  });
  return `<table class="data changes"><thead><tr><th>step</th><th>actor</th><th>event</th><th>active states after it</th><th>what changed</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function chartPart(chart: ViolationChart | undefined, steps: number, chartNote: string | undefined): string {
  const legend =
    '<p class="legend"><span><span class="swatch active"></span>active after the step</span><span><span class="swatch taken"></span>taken at an earlier step</span>' +
    '<span><span class="swatch current"></span>taken at this step</span><span class="js-only"><span class="swatch unfired"></span>never fired in the search</span></p>';
  if (!chart) return `<p>${text(chartNote ?? 'No statechart is available for this model.')}</p>`;
  return (
    `<div class="figure chart">${inlineSvg(chart.svg)}</div>${legend}` +
    `<p class="nojs-only">The chart shows the states after step ${steps}, with the arrows of every step; with JavaScript a slider steps through the trace.</p>`
  );
}

/**
 * The HTML section of violation number `n` (1-based). `chart` is its statechart, or undefined
 * (then `chartNote` says why). Every model-provided text is escaped; the chart SVG is inlined as
 * it is. The step data for the page script goes into a JSON block in the section. For a lasso,
 * `fairness` is the phrase saying what fairness it is fair under. Pure.
 */
export function violationSection(v: Violation, n: number, strategy: CheckResult['strategy'], chart: ViolationChart | undefined, chartNote?: string, fairness?: string): string {
  const steps = v.trace.length - 1;
  const headline = violationHeadline(v);
  const what = headline[0]!.toUpperCase() + headline.slice(1);
  const counterexample = counterexampleText(v, strategy);
  const kind = (counterexample[0]!.toUpperCase() + counterexample.slice(1)).replace(/, \d+ steps?$/, '');
  const labels = v.trace.map((t) => stepLabel(t, steps));
  const data = { steps: chart ? v.trace.map((_, i) => chart.steps[i] ?? { active: [], taken: [] }) : [], labels };
  const controls =
    '<div class="controls js-only">' +
    `<button type="button" class="prev" title="previous step">◀ prev</button>` +
    `<input type="range" class="step" min="0" max="${steps}" step="1" value="${steps}" aria-label="step">` +
    `<button type="button" class="next" title="next step">next ▶</button>${chart ? zoomControls() : ''}` +
    `<span class="step-label mono">${text(labels[steps]!)}</span></div>`;
  return [
    `<section class="violation" id="violation-${n}" data-steps="${steps}">`,
    `<h2>${n > 1 ? `Violation ${n}: ` : ''}${text(what)}</h2>`,
    `<blockquote class="message">${text(v.message)}</blockquote>`,
    v.loop ? `<p>${text(kind)} ${text(fairness ?? '')}: ${text(loopLine(v)!)}; the cycle's steps are drawn in purple.</p>` : `<p>${kind}, ${steps} step${steps === 1 ? '' : 's'}.</p>`,
    '<h3>Sequence diagram</h3>',
    `<div class="figure seq">${sequenceSvg(v, { maxSteps: MAX_DRAWN })}</div>`,
    `<details><summary>Mermaid source (for Markdown)</summary><pre><code>${text(sequenceDiagram(v, { maxSteps: MAX_DRAWN }))}</code></pre></details>`,
    '<h3>Statechart, step by step</h3>',
    steps > 0 ? controls : '',
    chartPart(chart, steps, chartNote),
    '<h3>What changed at each step</h3>',
    changeTable(v.trace),
    `<script type="application/json" class="trace-data">${scriptJson(data)}</script>`,
    '</section>',
  ].join('\n');
}
