import type { AnySnapshot } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import type { Property } from '../model/Property.ts';
import { ModelError, modelException, shortValue } from '../model/errors.ts';

/**
 * Whether a property's predicate `which` (p, or q of leads-to) holds in `s`. One that throws,
 * or answers anything but true or false (an invariant's message, say, which would read as
 * true), is the model's error, naming the property: never a silent guess.
 */
export function propertyHolds(prop: Property, which: 'p' | 'q', s: AnySnapshot, params: ParamValues): boolean {
  let r: unknown;
  try {
    r = (which === 'p' ? prop.p : (prop as { q: Property['p'] }).q)(s, params);
  } catch (error) {
    throw modelException(error, `property ${prop.id} threw`);
  }
  if (typeof r !== 'boolean') throw new ModelError('invalid-model', `property ${prop.id}: its predicate ${which} returned ${shortValue(r)} instead of true or false`);
  return r;
}
