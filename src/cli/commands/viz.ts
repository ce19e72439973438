import { resolveModelParams, type Model } from '../../model/defineModel.ts';
import { ModelError, UsageError, describeThrown } from '../../model/errors.ts';
import type { ParamValues } from '../../model/params.ts';
import { regionNames, selectRegion } from '../../viz/chartRegions.ts';
import { readStatechart, type Statechart } from '../../viz/readStatechart.ts';
import { renderSvg } from '../../viz/renderSvg.ts';
import { statechartDot } from '../../viz/statechartDot.ts';
import { statechartMermaid } from '../../viz/statechartMermaid.ts';
import { formatParams } from '../../report/formatText.ts';
import { DEFAULT_MODEL } from '../builtinModels.ts';
import { EXIT } from '../exitCodes.ts';
import { writeOutputFile, writeOutputFiles } from '../files.ts';
import type { Io } from '../Io.ts';
import { loadModel } from '../loadModel.ts';
import { parseArgs, parseSets } from '../parseArgs.ts';

const OPTIONS = {
  set: { type: 'string', multiple: true },
  format: { type: 'string' },
  region: { type: 'string' },
  overview: { type: 'boolean' },
  out: { type: 'string' },
  'out-dir': { type: 'string' },
} as const;

/** Output formats and the extension of the files `--out-dir` writes in each. */
const FORMATS = { svg: 'svg', dot: 'dot', mermaid: 'mmd' } as const;
type Format = keyof typeof FORMATS;

/** Which part of the chart one picture shows. */
type Part = { readonly region?: string; readonly overview?: boolean };

function parseFormat(raw: string | undefined): Format {
  const name = raw ?? 'svg';
  if (!Object.hasOwn(FORMATS, name)) throw new UsageError(`unknown --format '${name}'; allowed: ${Object.keys(FORMATS).join(', ')}`);
  return name as Format;
}

/** The machine a model builds for `params`; a model that throws is a model error, as in `check`. */
function buildMachine(model: Model, params: ParamValues): { root: object } {
  let machine: unknown;
  try {
    machine = model.machine(params);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError('model-exception', `building the machine of model ${model.name} failed: ${describeThrown(error)}`, { cause: error });
  }
  const root = (machine as { root?: unknown } | null)?.root;
  if (typeof root !== 'object' || root === null) throw new ModelError('invalid-model', `model ${model.name}: machine(params) did not return an xstate v5 machine`);
  return machine as { root: object };
}

/**
 * One picture as file text, opening with a `lucheck viz` comment that says what it shows (and
 * lets `writeOutputFile` recognise it as lucheck's own when it is written again).
 */
async function picture(chart: Statechart, format: Format, part: Part, title: string): Promise<string> {
  const what = `lucheck viz ${title}${part.overview ? ', overview' : part.region !== undefined ? `, region ${part.region}` : ''}`;
  if (format === 'mermaid') return `%% ${what}\n${statechartMermaid(chart, part)}`;
  const dot = statechartDot(chart, part);
  if (format === 'dot') return `// ${what}\n${dot}`;
  const svg = await renderSvg(dot);
  // An XML comment may not hold `--`.
  const comment = `<!-- ${what.replace(/--/g, '- -')} -->\n`;
  const afterDeclaration = svg.startsWith('<?xml') ? svg.indexOf('\n') + 1 : 0;
  return svg.slice(0, afterDeclaration) + comment + svg.slice(afterDeclaration);
}

/** File names for `--out-dir`: `overview`, then each region, made safe and unique. */
function fileNames(regions: readonly string[], ext: string): string[] {
  const used = new Set<string>();
  return ['overview', ...regions].map((r) => {
    const base = r.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_') || '_';
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    used.add(name.toLowerCase());
    return `${name}.${ext}`;
  });
}

/**
 * `lucheck viz [MODEL] ...`: the model's statechart as SVG (default), DOT or Mermaid, on stdout
 * or in `--out FILE`; `--out-dir DIR` writes the overview and one picture per region.
 */
export async function runViz(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs('viz', args, OPTIONS, 1);
  const format = parseFormat(values.format as string | undefined);
  const region = values.region as string | undefined;
  const overview = (values.overview as boolean | undefined) ?? false;
  const out = values.out as string | undefined;
  const outDir = values['out-dir'] as string | undefined;
  if (out !== undefined && outDir !== undefined) throw new UsageError('--out and --out-dir exclude each other: --out FILE writes one picture, --out-dir DIR the overview and every region');
  if (outDir !== undefined && (region !== undefined || overview)) throw new UsageError('--out-dir writes the overview and every region; drop --region and --overview, or use --out FILE');
  if (region !== undefined && overview) throw new UsageError('--region and --overview exclude each other: draw one region or the overview of all');

  const modelArg = positionals[0] ?? DEFAULT_MODEL;
  const loaded = await loadModel(modelArg, io.cwd);
  const params = resolveModelParams(loaded.model, parseSets((values.set as string[] | undefined) ?? []));
  const chart = readStatechart(buildMachine(loaded.model, params));
  if (region !== undefined) selectRegion(chart, region);
  const shown = formatParams(params);
  const title = `${modelArg}${shown ? `  (${shown})` : ''}`;
  const inputs = [loaded.ref];

  if (outDir !== undefined) {
    const regions = regionNames(chart);
    const parts: Part[] = [{ overview: true }, ...regions.map((r) => ({ region: r }))];
    const names = fileNames(regions, FORMATS[format]);
    const files = await Promise.all(parts.map(async (part, i) => ({ name: names[i]!, text: await picture(chart, format, part, title) })));
    writeOutputFiles(outDir, files, io.cwd, inputs);
    io.stdout.write(`wrote ${files.length} pictures in ${outDir}: ${names.join(' ')}\n`);
    return EXIT.pass;
  }
  const text = await picture(chart, format, { ...(region !== undefined ? { region } : {}), overview }, title);
  if (out !== undefined) writeOutputFile(out, text, io.cwd, inputs);
  else io.stdout.write(text);
  return EXIT.pass;
}
