import type { ModelDefinition } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import type { Fairness, Property } from '../model/Property.ts';
import { UsageError } from '../model/errors.ts';
import { fairnessText } from '../model/selectProperties.ts';

/**
 * Refuses, by name, what the liveness check does not compose with: symmetry, unless every
 * property and every fairness assumption is declared symmetric (a fair cycle of the quotient
 * need not be one of the model where a permutation renames the actor or event type an
 * assumption is about).
 */
export function refuseLivenessWith(model: ModelDefinition<ParamValues>, properties: readonly Property[], fairness: readonly Fairness[], options: { readonly symmetry?: boolean }): void {
  if (options.symmetry) {
    const asymmetric = properties.filter((p) => !p.symmetric).map((p) => p.id);
    if (asymmetric.length > 0) throw new UsageError(`--symmetry with properties ${asymmetric.join(', ')}, which model ${model.name} does not declare symmetric: the quotient could hide a violation; drop --symmetry, or select invariants only with --invariant`);
    const renamed = fairness.filter((f) => !f.symmetric);
    if (renamed.length > 0) {
      throw new UsageError(
        `--symmetry with fairness ${fairnessText(renamed).join(', ')}, which model ${model.name} does not declare symmetric: where the symmetry renames an actor, a fair cycle of the quotient need not be a fair behaviour of the model; drop --symmetry, or check without that fairness (--fairness)`,
      );
    }
  }
}
