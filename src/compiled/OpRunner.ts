import { assign, cancel, emit, log, raise, sendParent, sendTo, spawnChild, stopChild, type EventObject } from 'xstate';
import type { ModelDefinition } from '../model/defineModel.ts';
import type { ParamValues } from '../model/params.ts';
import { ModelError, modelException } from '../model/errors.ts';
import type { Assignment, CNode, CompiledMachine } from './compileMachine.ts';
import type { ActionOp } from './compileAction.ts';
import type { GuardScope } from './compileGuard.ts';
import type { PlanOp } from './Configuration.ts';
import type { ContextMerger, LayoutAssigner } from './contextMerger.ts';
import { eventLabel } from './TransitionSelector.ts';

/** What `sendTo`'s target sees as the machine itself (no actor runs: a sentinel). */
const SELF = Object.freeze({ id: '(self)' });

/** xstate's own action creators, as `enqueueActions` hands them to its function. */
const CREATORS = { assign, cancel, raise, sendTo, sendParent, spawnChild, stopChild, emit, log } as unknown as Record<string, (...args: unknown[]) => unknown>;

/**
 * Runs the ops of a step on the context as xstate resolves actions during a transition:
 * `assign` merges its result over the context, `raise` and done events go to the internal
 * queue, `enqueueActions` collects actions (checking guards) that then run in order, the
 * machine's output is resolved where it completes, and actions that act only outside the
 * machine are passed over (a `sendTo` that targets the machine itself is refused). Besides the
 * context it leaves, in its fields, the internal queue, the output, whether an assign ran and
 * whether the context is layout-shaped.
 */
export class OpRunner {
  /** Events raised during the step, for the internal queue. */
  queue: EventObject[] | undefined;
  /** The machine's output, set by the step that completes it. */
  output: unknown;
  /** Whether an assign ran since it was last cleared. */
  assigned = false;
  /** Whether the context the last call returned has exactly the layout's keys (see contextMerger). */
  lastShaped = false;
  /** The ids of the invoked actors running, as the step goes (made when a `sendTo` by id first needs them). */
  private children: Set<string> | undefined;
  private childrenOf: GuardScope | undefined;

  constructor(
    private readonly model: ModelDefinition<ParamValues>,
    private readonly cm: CompiledMachine,
    private readonly merge: ContextMerger | undefined,
  ) {}

  /** Clears what a step leaves behind. */
  reset(): void {
    this.queue = undefined;
    this.output = undefined;
    this.assigned = false;
  }

  /** One assign: the model's function, its result merged over the context as xstate does. `shaped`: whether `ctx` has exactly the layout's keys. */
  assign(a: Assignment, ctx: Record<string, unknown>, event: EventObject, shaped: boolean): Record<string, unknown> {
    let partial: Record<string, unknown>;
    try {
      partial = a({ context: ctx, event });
    } catch (error) {
      throw modelException(error, `model ${this.model.name}: an action threw on event ${eventLabel(event)}`);
    }
    if (shaped && this.merge) {
      const merged = this.merge(ctx, partial);
      if (merged) {
        this.lastShaped = true;
        return merged;
      }
    }
    this.lastShaped = false;
    return Object.assign({}, ctx, partial);
  }

  /** A property-form assign fused with the merge (`layoutAssigner`): the result is layout-shaped. */
  layoutAssign(a: LayoutAssigner, ctx: Record<string, unknown>, event: EventObject): Record<string, unknown> {
    try {
      return a(ctx, event);
    } catch (error) {
      throw modelException(error, `model ${this.model.name}: an action threw on event ${eventLabel(event)}`);
    }
  }

  /** Runs a microstep's ops on the context in order. `scope`: the configuration before the microstep (what `stateIn` sees in a checked guard). */
  run(ops: readonly PlanOp[], context: Record<string, unknown>, shaped: boolean, event: EventObject, scope: GuardScope): Record<string, unknown> {
    this.children = undefined;
    this.childrenOf = scope;
    return this.runOps(ops, context, shaped, event, scope);
  }

  private runOps(ops: readonly PlanOp[], context: Record<string, unknown>, shaped: boolean, event: EventObject, scope: GuardScope): Record<string, unknown> {
    let ctx = context;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      switch (op.kind) {
        case 'assign':
          ctx = this.assign(op.run, ctx, event, shaped);
          shaped = this.lastShaped;
          this.assigned = true;
          break;
        case 'raise': {
          const args = { context: ctx, event };
          (this.queue ??= []).push(this.call(() => op.event(args), `the event of a raise in ${op.where}`, event));
          break;
        }
        case 'enqueue':
          ctx = this.enqueued(op, ctx, shaped, event, scope);
          shaped = this.lastShaped;
          break;
        case 'sendTo': {
          const to = op.to;
          const args = { context: ctx, event, self: SELF };
          const target = typeof to === 'function' ? this.call(() => (to as (a: unknown, p: unknown) => unknown)(args, op.params(args)), `the target of a sendTo in ${op.where}`, event) : to;
          if (target === SELF || target === '#_internal') this.unsupported(`sendTo the machine itself in ${op.where} (an event it sends itself arrives after the step: use raise)`);
          // as xstate: an actor named by id must be running (the parent takes whatever it is sent)
          if (typeof target === 'string' && target !== '#_parent') {
            const id = target.startsWith('#_') ? target.slice(2) : target;
            if (!this.running().has(id)) throw new ModelError('model-exception', `model ${this.model.name}: a sendTo in ${op.where} on event ${eventLabel(event)} names the actor '${id}', which is not running (xstate: "Unable to send event to actor '${target}'")`);
          }
          break;
        }
        case 'spawn':
          for (const id of op.ids) this.running().add(id);
          break;
        case 'stop':
          for (const id of op.ids) this.running().delete(id);
          break;
        case 'outside':
          break;
        case 'unsupported':
          this.unsupported(op.construct);
          break;
        case 'done': {
          const final = op.final?.node.output;
          const output = final === undefined ? undefined : this.resolveOutput(final, ctx, event);
          (this.queue ??= []).push({ type: `xstate.done.state.${op.id}`, output } as EventObject);
          break;
        }
        case 'output':
          this.output = this.machineOutput(op.completion, ctx, event);
          break;
        case 'input': {
          const args = { context: ctx, event, self: undefined };
          this.call(() => op.input(args), op.where, event);
          break;
        }
      }
    }
    this.lastShaped = shaped;
    return ctx;
  }

  /** The invoked actors running: those of the states active before the microstep, then as its ops start and stop them. */
  private running(): Set<string> {
    if (this.children === undefined) {
      this.children = new Set();
      const active = (this.childrenOf as { activeNodes?: ReadonlySet<{ invoke?: readonly { id: string }[] }> } | undefined)?.activeNodes;
      for (const n of active ?? []) for (const inv of n.invoke ?? []) this.children.add(inv.id);
    }
    return this.children;
  }

  private call<T>(fn: () => T, what: string, event: EventObject): T {
    try {
      return fn();
    } catch (error) {
      throw modelException(error, `model ${this.model.name}: ${what} threw on event ${eventLabel(event)}`);
    }
  }

  private unsupported(construct: string): never {
    throw new ModelError('unsupported', `model ${this.model.name} uses what lucheck cannot check: ${construct}`);
  }

  private resolveOutput(mapper: unknown, context: unknown, event: EventObject): unknown {
    return typeof mapper === 'function' ? this.call(() => (mapper as (a: unknown) => unknown)({ context, event, self: undefined }), 'an output', event) : mapper;
  }

  /** xstate's `getMachineOutput`: the root's output, given the done event of the node whose completion completed it. */
  private machineOutput(completion: CNode, context: unknown, event: EventObject): unknown {
    const rootOutput = this.cm.root.node.output;
    if (rootOutput === undefined) return undefined;
    const own = completion.node.output !== undefined && completion.parent ? this.resolveOutput(completion.node.output, context, event) : undefined;
    return this.resolveOutput(rootOutput, context, { type: `xstate.done.state.${completion.id}`, output: own } as EventObject);
  }

  /** `enqueueActions`: its function collects actions (with `check` for guards), which then run in order, each resolved as the machine's own. */
  private enqueued(op: Extract<ActionOp, { kind: 'enqueue' }>, context: Record<string, unknown>, shaped: boolean, event: EventObject, scope: GuardScope): Record<string, unknown> {
    const list: unknown[] = [];
    const enqueue = Object.assign((action: unknown) => void list.push(action), Object.fromEntries(Object.entries(CREATORS).map(([name, make]) => [name, (...a: unknown[]) => void list.push(make(...a))])));
    const check = (guard: unknown) => {
      const g = this.cm.guardAt(guard);
      try {
        return !!g(context, event, scope);
      } catch (error) {
        throw modelException(error, `model ${this.model.name}: a guard checked in ${op.where} threw on event ${eventLabel(event)}`);
      }
    };
    this.call(() => op.collect({ context, event, enqueue, check }, op.params({ context, event })), `the enqueueActions of ${op.where}`, event);
    let ctx = context;
    for (const action of list) {
      ctx = this.runOps([this.cm.actionAt(action, `${op.where} (enqueued)`)], ctx, shaped, event, scope);
      shaped = this.lastShaped;
    }
    this.lastShaped = shaped;
    return ctx;
  }
}
