import { describeAllowed } from '../../model/params.ts';
import type { Model } from '../../model/defineModel.ts';
import { BUILTIN_MODELS, DEFAULT_MODEL } from '../builtinModels.ts';
import type { Io } from '../Io.ts';
import { loadModel } from '../loadModel.ts';
import { parseArgs } from '../parseArgs.ts';
import { resolveModelParams } from '../../model/defineModel.ts';
import { withEnvironment } from '../../model/withEnvironment.ts';
import { ModelError } from '../../model/errors.ts';
import { fairnessText, resolveFairness } from '../../model/selectProperties.ts';

/** The model as its default parameters check it (the built-in invariant added where it applies), and a line on its environment. */
function inEnvironment(model: Model): { model: Model; line: string } {
  try {
    const { model: prepared, report } = withEnvironment(model, resolveModelParams(model, {}));
    const kinds = [...(report.delays !== undefined ? [`delayed transitions (untimed${report.delays ? '' : '; off'})`] : []), ...(report.actors !== undefined ? [`invoked actors complete or fail${report.actors ? '' : ' (off)'}`] : [])];
    return { model: prepared as Model, line: `  environment (default parameters): ${kinds.join(', ') || 'none (no delayed transitions, no invoked actors)'}` };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return { model, line: `  environment: unknown (${error.message})` };
  }
}

/** The fairness the model declares for its default parameters, as `--fairness` writes it. */
function fairnessOf(model: Model): string {
  try {
    const fairness = fairnessText(resolveFairness(model, resolveModelParams(model, {})));
    return fairness.join(', ') || 'none';
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return `unknown (${error.message})`;
  }
}

function describeModel(given: Model, ref: string): string {
  const { model, line } = inEnvironment(given);
  const title = ref === model.name || ref === `${model.name} (default)` ? ref : `${ref} (model ${model.name})`;
  const lines = [`${title}${model.description ? ` — ${model.description}` : ''}`];
  const params = Object.entries(model.params ?? {});
  lines.push(params.length ? '  parameters:' : '  parameters: none');
  for (const [name, spec] of params) {
    const d = Array.isArray(spec.default) ? (spec.default.length ? spec.default.join(',') : 'none') : String(spec.default);
    lines.push(`    ${name} (default ${d}; allowed: ${describeAllowed(spec)})`);
    lines.push(`      ${spec.description}`);
  }
  const invs = model.invariants ?? [];
  lines.push(invs.length ? '  invariants:' : '  invariants: none');
  for (const inv of invs) {
    lines.push(`    ${inv.id}  ${inv.title}`);
    if (inv.description) lines.push(`      ${inv.description}`);
    if (inv.source) lines.push(`      source: ${inv.source}`);
  }
  const props = model.properties ?? [];
  if (props.length > 0) {
    lines.push('  properties (temporal; checked once every invariant holds):');
    for (const p of props) {
      lines.push(`    ${p.id}  ${p.title}  (${p.kind})`);
      if (p.description) lines.push(`      ${p.description}`);
      if (p.source) lines.push(`      source: ${p.source}`);
    }
    lines.push(`  fairness (default parameters): ${fairnessOf(model)}`);
  }
  // The reductions a check can ask for, each of which the model must declare.
  const reductions = [...(model.symmetry ? ['--symmetry (interchangeable objects)'] : []), ...(model.auxiliary ? ['--drop-auxiliary (fields that only record what happened)'] : [])];
  lines.push(`  reductions: ${reductions.join(', ') || 'none'}`);
  lines.push(line);
  return lines.join('\n');
}

/** `lucheck list [MODEL]`: the built-in models, or one model's parameters, invariants and properties. */
export async function runList(args: readonly string[], io: Io): Promise<number> {
  const { positionals } = parseArgs('list', args, {}, 1);
  if (positionals[0]) {
    const { model, ref } = await loadModel(positionals[0], io.cwd);
    io.stdout.write(describeModel(model, ref) + '\n');
    return 0;
  }
  const blocks: string[] = [];
  for (const name of Object.keys(BUILTIN_MODELS)) {
    const { model } = await loadModel(name, io.cwd);
    blocks.push(describeModel(model, name === DEFAULT_MODEL ? `${name} (default)` : name));
  }
  io.stdout.write(blocks.join('\n\n') + '\n');
  return 0;
}
