/**
 * The HTML report's style sheet, inlined in the page (no external files). Rules under `.js`
 * apply only once the page script runs: they let the classes the script toggles (`active`,
 * `taken`, `current`, `unfired`) override the colours Graphviz drew for the last step, so that
 * without JavaScript the chart still shows the violating state as rendered.
 */
export const HTML_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --taken: #d84315; --current: #1565c0; --active: #ffd54f; --active-cluster: #fff4cc; --row: #fff8c5; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; margin: 0 auto; max-width: 1280px; padding: 12px 24px 48px; }
h1 { font-size: 1.45em; margin: 0.4em 0; }
h2 { font-size: 1.2em; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.02em; margin: 1.4em 0 0.4em; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { background: #f6f8fa; padding: 8px 12px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
.verdict { font-weight: 600; }
.verdict.pass { color: #1a7f37; }
.verdict.violation, .verdict.deadlock, .verdict.error { color: #cf222e; }
.verdict.incomplete { color: #9a6700; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0.6em 0; }
dl.summary dt { color: var(--muted); }
dl.summary dd { margin: 0; overflow-wrap: anywhere; }
blockquote.message { border-left: 4px solid #cf222e; background: #fff5f5; margin: 8px 0; padding: 6px 12px; }
.figure { border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 80vh; background: #fff; }
.figure > svg { display: block; }
.figure.fit > svg { max-width: 100%; height: auto; }
.controls { position: sticky; top: 0; z-index: 2; background: #fff; display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; padding: 6px 0; }
.controls input[type=range] { flex: 1 1 260px; }
.controls .step-label { flex: 1 1 100%; font-size: 13px; }
.controls button { font: inherit; padding: 2px 10px; }
.nojs .js-only { display: none; }
.js .nojs-only { display: none; }
.legend { color: var(--muted); font-size: 12.5px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.swatch { display: inline-block; width: 1.6em; height: 0.9em; vertical-align: middle; margin-right: 4px; border: 1px solid #555; border-radius: 3px; }
.swatch.active { background: var(--active); }
.swatch.taken { background: var(--taken); border-color: var(--taken); height: 0.25em; }
.swatch.current { background: var(--current); border-color: var(--current); height: 0.35em; }
.swatch.unfired { border: 0; border-top: 2px dotted #8c959f; border-radius: 0; height: 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; text-align: left; }
table.data th { background: #f6f8fa; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data td.changes div { overflow-wrap: anywhere; }
table.changes tr[data-step] { cursor: pointer; }
table.changes tr.current td { background: var(--row); }
tr.unfired td { color: #9a6700; }
.js .chart g.state.node > path, .js .chart g.state.node > polygon, .js .chart g.state.node > ellipse, .js .chart g.state.cluster > path, .js .chart g.state.cluster > polygon { fill: #fff; }
.js .chart g.state.node.active > path, .js .chart g.state.node.active > polygon, .js .chart g.state.node.active > ellipse { fill: var(--active); }
.js .chart g.state.cluster.active > path, .js .chart g.state.cluster.active > polygon { fill: var(--active-cluster); }
.js .chart g.edge > path { stroke: #000; stroke-width: 1; }
.js .chart g.edge > polygon { fill: #000; stroke: #000; }
.js .chart g.edge > text { fill: #000; }
.js .chart g.edge.step { opacity: 0.35; }
.js .chart g.edge.unfired > path { stroke: #8c959f; stroke-dasharray: 2 3; }
.js .chart g.edge.unfired > polygon { fill: #8c959f; stroke: #8c959f; }
.js .chart g.edge.unfired > text { fill: #8c959f; }
.js .chart g.edge.taken { opacity: 1; }
.js .chart g.edge.taken > path { stroke: var(--taken); stroke-width: 2.5; }
.js .chart g.edge.taken > polygon { fill: var(--taken); stroke: var(--taken); }
.js .chart g.edge.taken > text { fill: var(--taken); }
.js .chart g.edge.current > path { stroke: var(--current); stroke-width: 4; }
.js .chart g.edge.current > polygon { fill: var(--current); stroke: var(--current); }
.js .chart g.edge.current > text { fill: var(--current); font-weight: bold; }
.sequence g.message { cursor: pointer; }
.js .sequence g.message.future { opacity: 0.3; }
.js .sequence g.message.current text { font-weight: bold; }
.js .sequence g.message.current line, .js .sequence g.message.current path { stroke-width: 2.6; }
footer { margin-top: 3em; color: var(--muted); font-size: 12px; }
`;
