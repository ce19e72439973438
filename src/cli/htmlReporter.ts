// `--reporter html:DIR`: the edge around the pure page builder. It builds the model's machine,
// lays each counterexample over the statechart, renders the SVGs (asynchronously, with
// Graphviz in WebAssembly) and returns the files for DIR.
import type { ModelDefinition } from '../model/defineModel.ts';
import { describeThrown } from '../model/errors.ts';
import type { ParamValues } from '../model/params.ts';
import { htmlReport, reportComment, type ViolationChart } from '../report/htmlReport.ts';
import { configurationName, type ReportRun } from '../report/ReportRun.ts';
import { sequenceSvg } from '../report/sequenceSvg.ts';
import { activeStateIds } from '../viz/activeStateIds.ts';
import { readStatechart, type Statechart } from '../viz/readStatechart.ts';
import { renderSvg } from '../viz/renderSvg.ts';
import { statechartDot } from '../viz/statechartDot.ts';
import { transitionSvgIds } from '../viz/svgIds.ts';
import { traceHighlight } from '../viz/traceHighlight.ts';

/** One file of the report, named relative to DIR. */
export interface ReportFile {
  readonly name: string;
  readonly text: string;
}

/** The statechart of `model` for the run's parameters, or why there is none. */
function chartOf(model: ModelDefinition<ParamValues> | undefined, params: ParamValues): Statechart | string {
  if (!model) return 'No statechart: the model was not available to the reporter.';
  try {
    const machine = model.machine(params) as { root?: unknown } | null;
    if (typeof machine?.root !== 'object' || machine.root === null) return 'No statechart: the model did not build an xstate v5 machine.';
    return readStatechart(machine as { root: object });
  } catch (error) {
    return `No statechart: building the machine failed: ${describeThrown(error).split('\n')[0]}`;
  }
}

/** The arrows of the transitions coverage says never fired, as SVG ids. */
function unfiredIds(chart: Statechart, run: ReportRun): string[] {
  const ids: string[] = [];
  for (const t of run.result.coverage?.transitions ?? []) {
    if (t.fired > 0) continue;
    const declared = chart.nodes.get(t.source)?.transitions.find((x) => x.event === t.event && x.candidate === t.candidate);
    if (declared) ids.push(...transitionSvgIds(declared));
  }
  return ids;
}

/** An SVG document with lucheck's comment after its XML declaration (how a rerun recognises it). */
function svgFile(svg: string, what: string): string {
  const body = svg.startsWith('<?xml') ? svg.slice(svg.indexOf('\n') + 1) : svg;
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${reportComment(what)}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

/**
 * The files of the HTML report for one run: `index.html` (the page), and per violation N
 * `violation-N-sequence.svg` (its sequence diagram) and, when the model's statechart can be
 * drawn, `violation-N-chart.svg` (the chart with the states after the last step filled and every
 * step's arrow numbered). Without a violation the page shows the plain chart. Never touches the
 * file system: the caller writes the files.
 */
export async function htmlReportFiles(run: ReportRun, model: ModelDefinition<ParamValues> | undefined): Promise<ReportFile[]> {
  const result = run.result;
  const name = configurationName(run);
  const chart = chartOf(model, result.params);
  const files: ReportFile[] = [];
  let charts: (ViolationChart | undefined)[] = [];
  let chartSvg: string | undefined;
  let note = typeof chart === 'string' ? chart : undefined;
  if (typeof chart !== 'string') {
    try {
      charts = await Promise.all(
        result.violations.map(async (v) => {
          const h = traceHighlight(chart, v.trace);
          const last = v.trace.at(-1);
          const active = new Set(last ? activeStateIds(chart, last.state) : []);
          const cycle = v.loop && !v.loop.stutter ? { cycleAfter: v.loop.start } : {};
          return { svg: await renderSvg(statechartDot(chart, { highlight: { active, steps: h.steps, ...cycle } })), steps: h.perStep };
        }),
      );
      if (result.violations.length === 0) chartSvg = await renderSvg(statechartDot(chart));
    } catch (error) {
      charts = [];
      note = `No statechart: Graphviz could not draw it: ${describeThrown(error).split('\n')[0]}`;
    }
  }
  result.violations.forEach((v, i) => {
    files.push({ name: `violation-${i + 1}-sequence.svg`, text: svgFile(sequenceSvg(v), `${name}, violation ${i + 1} (${v.id}), sequence diagram`) });
    const c = charts[i];
    if (c) files.push({ name: `violation-${i + 1}-chart.svg`, text: svgFile(c.svg, `${name}, violation ${i + 1} (${v.id}), statechart after the last step`) });
  });
  const page = htmlReport({
    ...run,
    charts,
    ...(chartSvg ? { chartSvg } : {}),
    ...(typeof chart !== 'string' ? { unfiredIds: unfiredIds(chart, run) } : {}),
    ...(note ? { chartNote: note } : {}),
  });
  return [{ name: 'index.html', text: page }, ...files];
}
