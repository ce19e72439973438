// The public API of lucheck. Everything a model file or a program needs is exported here by
// name; modules not listed are internal.
export { defineModel, isModel, resolveModelParams } from './model/defineModel.ts';
export type { Model, ModelDefinition, Invariant, AnySnapshot } from './model/defineModel.ts';
export { eventually, alwaysEventually, leadsTo, eventuallyAlways, formatFairness } from './model/Property.ts';
export type { Property, PropertyMeta, PropertyKind, Fairness, StateTest } from './model/Property.ts';
export type { ParamSpec, ParamSpecs, ParamValue, ParamValues } from './model/params.ts';
export { resolveParams, describeAllowed } from './model/params.ts';
export { UsageError, ModelError } from './model/errors.ts';
export type { ModelErrorCode } from './model/errors.ts';
export { check, searchProblem } from './check.ts';
export type { CheckOptions } from './check.ts';
export type { CheckResult, CheckStats, TraceStep, Verdict, Violation, PropertyInfo } from './CheckResult.ts';
export type { TransitionSystem } from './search/TransitionSystem.ts';
export { createXstateSystem } from './adapter/xstateSystem.ts';
export type { XstateSystem } from './adapter/xstateSystem.ts';
export { bfs } from './search/bfs.ts';
export { dfs } from './search/dfs.ts';
export { search } from './search/index.ts';
export { resolveSearchConfig } from './search/SearchConfig.ts';
export type { SearchConfig, Strategy } from './search/SearchConfig.ts';
export type { SearchOutcome, SearchStats, SearchObserver, SearchProblem, StatePredicate } from './search/SearchOutcome.ts';
export { FingerprintTable } from './store/FingerprintTable.ts';
export type { StateStore } from './store/StateStore.ts';
export { canonicalJson } from './adapter/canonicalJson.ts';
export { createSystem, ENGINES } from './compiled/createSystem.ts';
export type { Engine, Reductions, SystemChoice } from './compiled/createSystem.ts';
export { compileMachine, CompileRefusal } from './compiled/compileMachine.ts';
export type { CompiledMachine } from './compiled/compileMachine.ts';
