import type { ModelDefinition } from './defineModel.ts';
import type { ParamValues } from './params.ts';
import { ModelError, UsageError, modelException } from './errors.ts';
import { formatFairness, type Fairness, type Property } from './Property.ts';

/** The most fairness assumptions one check takes: each is a bit of an edge's mask. */
export const MAX_FAIRNESS = 32;

/** The model's properties, or those named in `only` (ids of invariants or properties; `selectInvariants` refuses unknown ones). */
export function selectProperties(model: ModelDefinition<ParamValues>, only?: readonly string[]): readonly Property[] {
  const all = model.properties ?? [];
  return only ? all.filter((p) => only.includes(p.id)) : all;
}

/** Checks one fairness assumption's shape; the problem in words, or undefined. */
function fairnessProblem(f: unknown): string | undefined {
  if (typeof f !== 'object' || f === null) return `${JSON.stringify(f)} is not an object`;
  const { kind, actor, event } = f as Record<string, unknown>;
  if (kind !== 'weak' && kind !== 'strong') return `kind ${JSON.stringify(kind)} is not 'weak' or 'strong'`;
  if ((typeof actor === 'string') === (typeof event === 'string') || (actor !== undefined && typeof actor !== 'string') || (event !== undefined && typeof event !== 'string')) {
    return 'it needs exactly one of actor (a region or actor name) and event (an event type), as a string';
  }
  return undefined;
}

/**
 * The fairness a check assumes: `override` when given (from the command line or the API, a
 * usage error when malformed), else the model's declaration (a model error when malformed).
 */
export function resolveFairness(model: ModelDefinition<ParamValues>, params: ParamValues, override?: readonly Fairness[]): readonly Fairness[] {
  let list: unknown = override;
  if (list === undefined) {
    try {
      list = typeof model.fairness === 'function' ? model.fairness(params) : (model.fairness ?? []);
    } catch (error) {
      throw modelException(error, `model ${model.name}: fairness threw`);
    }
  }
  const fail = (message: string) => (override ? new UsageError(`fairness: ${message}`) : new ModelError('invalid-model', `model ${model.name}: fairness: ${message}`));
  if (!Array.isArray(list)) throw fail('must be a list of { kind: \'weak\' | \'strong\', actor or event }');
  if (list.length > MAX_FAIRNESS) throw fail(`${list.length} assumptions; allowed: at most ${MAX_FAIRNESS}`);
  for (const f of list) {
    const problem = fairnessProblem(f);
    if (problem) throw fail(`${problem}; allowed: { kind: 'weak' | 'strong', actor: 'name' } or { kind, event: 'TYPE' }`);
  }
  return list as readonly Fairness[];
}

/** The fairness assumptions written as `--fairness` takes them: `none`, or `WF(actor)`, `SF(event:TYPE)`, ... separated by commas. */
export function parseFairness(text: string): readonly Fairness[] {
  if (text.trim() === 'none') return [];
  const items = text.split(/,(?![^()]*\))/).map((x) => x.trim());
  return items.map((item) => {
    const m = /^(WF|SF)\((.+)\)$/.exec(item);
    if (!m) throw new UsageError(`bad fairness '${item}'; allowed: none, or WF(actor), SF(actor), WF(event:TYPE), SF(event:TYPE) separated by commas`);
    const kind = m[1] === 'WF' ? 'weak' : 'strong';
    const target = m[2]!.trim();
    return target.startsWith('event:') ? { kind, event: target.slice('event:'.length) } : { kind, actor: target };
  });
}

/** The fairness as a result reports it: `WF(p0)`, `SF(event:GRANT)`. */
export function fairnessText(fairness: readonly Fairness[]): readonly string[] {
  return fairness.map(formatFairness);
}
