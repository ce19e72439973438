import type { AnyStateMachine } from 'xstate';
import { compileAction } from '../compiled/compileAction.ts';
import { isTimerCancel, isTimerStart, type EnvironmentNode } from './environment.ts';

/** The parts of an xstate state node read here. */
interface ScannedNode extends EnvironmentNode {
  readonly id: string;
  readonly states: Readonly<Record<string, ScannedNode>>;
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly initial?: { readonly actions: readonly unknown[] };
  readonly type: string;
  readonly transitions: ReadonlyMap<string, readonly { readonly actions: readonly unknown[] }[]>;
  readonly always?: readonly { readonly actions: readonly unknown[] }[];
}

/** What a machine declares that lucheck does not run as xstate would. */
export interface MachineConstructs {
  /** Constructs no engine of lucheck can run soundly, each named with where it is. */
  readonly unsupported: readonly string[];
  /**
   * The actions that act only outside the machine (`log`, `emit`, `sendTo` another actor,
   * custom functions), by the name xstate gives them, in the order first declared: both
   * engines collect them and never run them, as xstate's pure transition does.
   */
  readonly notRun: readonly string[];
}

/**
 * Reads every action a machine declares (entry, exit, initial, transitions' and always
 * transitions' actions, named ones through its implementations) and its invokes, and lists
 * what no engine runs: the unsupported constructs, and the actions collected without running.
 * The timers xstate adds for delayed transitions are the environment's (adapter/environment.ts),
 * not actions. `enqueueActions` bodies are seen only when they run.
 */
export function machineConstructs(machine: AnyStateMachine): MachineConstructs {
  const actions = (machine.implementations as { actions: Record<string, unknown> }).actions;
  const unsupported: string[] = [];
  const notRun = new Set<string>();
  const read = (list: readonly unknown[], where: string) => {
    for (const a of list) {
      const op = compileAction(a, actions, where);
      if (op.kind === 'unsupported') unsupported.push(op.construct);
      else if (op.kind === 'outside') notRun.add(op.type);
      else if (op.kind === 'sendTo') notRun.add('sendTo');
    }
  };
  const walk = (n: ScannedNode): void => {
    const where = `state '${n.id}'`;
    read(n.entry.filter((a) => !isTimerStart(a, n)), `the entry actions of ${where}`);
    read(n.exit.filter((a) => !isTimerCancel(a, n)), `the exit actions of ${where}`);
    if (n.type === 'compound' && n.initial) read(n.initial.actions, `the initial transition of ${where}`);
    for (const [event, defs] of n.transitions) for (const t of defs) read(t.actions, `the ${event} transition of ${where}`);
    for (const t of n.always ?? []) read(t.actions, `an always transition of ${where}`);
    for (const c of Object.values(n.states)) walk(c);
  };
  walk(machine.root as unknown as ScannedNode);
  return { unsupported, notRun: [...notRun] };
}
