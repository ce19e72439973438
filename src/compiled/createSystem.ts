import type { AnyStateMachine } from 'xstate';
import type { ModelDefinition } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, UsageError, modelException } from '../model/errors.ts';
import { createXstateSystem, type XstateSystem } from '../adapter/xstateSystem.ts';
import { CompileRefusal, compileMachine } from './compileMachine.ts';
import { createCompiledSystem } from './compiledSystem.ts';
import { withoutAuxiliary } from '../model/withoutAuxiliary.ts';
import type { TransitionWrap } from '../model/auxiliaryAudit.ts';
import { machineConstructs } from '../adapter/machineConstructs.ts';
import type { Environment } from '../adapter/environment.ts';

export type Engine = 'auto' | 'compiled' | 'reference';
export const ENGINES: readonly Engine[] = ['auto', 'compiled', 'reference'];

export interface SystemChoice {
  readonly system: XstateSystem;
  readonly engine: 'compiled' | 'reference';
  /** Why the compiled path was not used, when it was not. */
  readonly note?: string;
  /** The actions the machine declares that act only outside it: collected, never run (`machineConstructs`). */
  readonly notRun: readonly string[];
}

/**
 * The reductions a check asks for, each declared by the model and off by default; and, for the
 * audit of the auxiliary declaration, what stands between the compiled path and the model's
 * guards and assigns.
 */
export interface Reductions {
  /** Identify states up to the model's `symmetry` (`--symmetry`). */
  readonly symmetry?: boolean;
  /** Leave the model's `auxiliary` context fields out of a state's identity (`--drop-auxiliary`). */
  readonly auxiliary?: boolean;
  /** On the compiled path, what stands between it and each guard and assign (`auxiliaryAudit`; not a reduction). */
  readonly transitions?: TransitionWrap;
  /** The environment's events offered (delayed transitions, invoked actors; not a reduction); default: all. */
  readonly environment?: Environment;
  /** Check every expansion for writes into the context (`--check-determinism`), not a sample. */
  readonly everyMutationCheck?: boolean;
}

/**
 * Builds the transition system for a model: the compiled path when the machine compiles
 * ('auto', the default, falls back to the reference adapter and says why; 'compiled' makes a
 * refusal a usage error), or xstate's own `machine.transition` ('reference'). A machine that
 * uses what neither can run soundly (`machineConstructs`) is a model error naming every such
 * construct.
 */
export function createSystem<P extends ParamValues>(given: ModelDefinition<P>, params: P, engine: Engine = 'auto', asked: Reductions | boolean = {}): SystemChoice {
  if (!ENGINES.includes(engine)) throw new UsageError(`unknown engine '${String(engine)}'; allowed: ${ENGINES.join(', ')}`);
  // A boolean is the symmetry flag alone, as this argument was before the other reductions.
  const reductions: Reductions = typeof asked === 'boolean' ? { symmetry: asked } : asked;
  const symmetry = reductions.symmetry ?? false;
  if (symmetry && !given.symmetry) throw new UsageError(`model ${given.name} declares no symmetry; run without --symmetry`);
  // With symmetry reduction, the state key is the canonical representative the model computes;
  // without the auxiliary fields, it is the model's view (or that representative) of the state
  // without them.
  const { model, omit } = reductions.auxiliary ? withoutAuxiliary(given, params, symmetry) : { model: symmetry ? { ...given, view: given.symmetry } : given, omit: undefined };
  const reference = createXstateSystem(model, params, omit, reductions.environment, reductions.everyMutationCheck);
  const { unsupported, notRun } = machineConstructs(reference.machine as AnyStateMachine);
  if (unsupported.length > 0) throw new ModelError('unsupported', `model ${model.name} uses what lucheck cannot check: ${unsupported.join('; ')}`);
  if (engine === 'reference') return { system: reference, engine: 'reference', notRun };
  try {
    const cm = compileMachine(reference.machine as AnyStateMachine, reductions.transitions, model.input?.(params));
    return { system: createCompiledSystem(model, params, cm, omit, reductions.environment, reductions.everyMutationCheck), engine: 'compiled', notRun };
  } catch (error) {
    if (!(error instanceof CompileRefusal)) {
      throw modelException(error, `compiling the machine of model ${model.name} failed`);
    }
    if (engine === 'compiled') throw new UsageError(`model ${model.name}: ${error.message}; use --engine reference (or auto)`);
    return { system: reference, engine: 'reference', note: `${error.message}; ran on the reference adapter`, notRun };
  }
}
