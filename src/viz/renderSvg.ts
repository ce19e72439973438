// DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no system Graphviz needed.
import { instance, type Viz } from '@viz-js/viz';

// One WebAssembly instance for the process, made on first use: building it costs tens of
// milliseconds, and rendering keeps no state between calls, so sharing it changes no result.
let shared: Promise<Viz> | undefined;

/**
 * Renders DOT text to an SVG document with Graphviz's `dot` layout. Rejects with Graphviz's
 * own error message when the DOT text is malformed; warnings are dropped.
 */
export async function renderSvg(dot: string): Promise<string> {
  shared ??= instance();
  const viz = await shared;
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
