// xstate's semantics on both engines, construct by construct, on small machines with known
// answers: what each engine finds, and that the two find the same.
import { expect } from 'chai';
import { assign, createMachine, enqueueActions, fromCallback, fromPromise, log, raise, sendParent, sendTo, setup, spawnChild, type AnyStateMachine } from 'xstate';
import { check, defineModel, type CheckResult, type Model } from 'lucheck';
import { formatText } from '../../src/report/formatText.ts';
import { expectVerdict } from '../support/expectVerdict.ts';

const ENGINES = ['compiled', 'reference'] as const;

/** A model of `machine` with the given alphabet and invariants (stopping anywhere is fine). */
function modelOf(machine: AnyStateMachine, events: string[], invariants: Model['invariants'] = [], extra: Partial<Model> = {}): Model {
  return defineModel({ name: 'semantics', machine: () => machine, events: () => events.map((type) => ({ type })), isFinal: () => true, invariants, ...extra });
}

/** Checks on both engines; the compiled one must have run the machine itself. */
async function onBoth(model: Model, options: Parameters<typeof check>[1] = {}): Promise<[CheckResult, CheckResult]> {
  const c = await check(model, { ...options, engine: 'compiled' });
  const r = await check(model, { ...options, engine: 'reference' });
  expect(c.engine, c.engineNote).to.equal('compiled');
  return [c, r];
}

const stepsOf = (r: CheckResult) => r.violations[0]!.trace.map((t) => `${t.actor ?? ''}:${t.event?.type ?? '(initial)'}`);

const atMost = (n: number) => ({ id: 'SMALL', title: `n stays at most ${n}`, description: 'the counter is bounded', check: (s: { context: { n: number } }) => s.context.n <= n || `n = ${s.context.n}` });

describe('named actions', () => {
  const inc = assign(({ context }: { context: { n: number } }) => ({ n: context.n + 1 }));
  const config = { context: { n: 0 }, initial: 'a', states: { a: { on: { INC: { actions: 'inc' }, INC2: { actions: { type: 'inc' } } } } } };
  const machines: [string, AnyStateMachine][] = [
    ['in setup({ actions })', setup({ actions: { inc: inc as never } }).createMachine(config as never) as unknown as AnyStateMachine],
    ["in createMachine's second argument", createMachine(config as never, { actions: { inc } as never })],
    ['through .provide()', createMachine(config as never).provide({ actions: { inc } as never })],
  ];
  for (const [where, machine] of machines) {
    it(`runs a named assign implemented ${where}: both engines find the counter passing its bound in 3 steps`, async () => {
      for (const r of await onBoth(modelOf(machine, ['INC', 'INC2'], [atMost(2)]))) {
        expectVerdict(r, 'violation');
        expect(r.violations[0]!.id).to.equal('SMALL');
        expect(r.violations[0]!.trace).to.have.length(4);
      }
    });
  }

  it('runs a named assign with params, static or computed from the context and event', async () => {
    const add = assign(({ context }: { context: { n: number } }, p: { by: number }) => ({ n: context.n + p.by }));
    const machine = setup({ actions: { add: add as never } }).createMachine({
      context: { n: 0 },
      initial: 'a',
      states: { a: { on: { BIG: { actions: { type: 'add', params: { by: 5 } } }, SAME: { actions: { type: 'add', params: ({ context }: { context: { n: number } }) => ({ by: context.n }) } } } } },
    });
    for (const r of await onBoth(modelOf(machine, ['BIG', 'SAME'], [atMost(15)]))) {
      expectVerdict(r, 'violation');
      expect(r.violations[0]!.message).to.equal('n = 20'); // 5, then 10, then 20 by doubling
      expect(stepsOf(r)).to.deep.equal([':(initial)', ':BIG', ':BIG', ':SAME']);
    }
  });

  it('runs raise and enqueueActions (its assigns, raises and checked guards) within the step, as xstate does', async () => {
    const machine = setup({ guards: { low: ({ context }: { context: { n: number } }) => context.n < 2 } }).createMachine({
      context: { n: 0 },
      initial: 'a',
      states: {
        a: {
          on: {
            GO: {
              actions: enqueueActions(({ enqueue, check }) => {
                if (check('low')) enqueue.assign(({ context }) => ({ n: context.n + 1 }));
                else enqueue.raise({ type: 'DONE' });
              }),
            },
            DONE: 'b',
            SKIP: { actions: raise({ type: 'DONE' }) },
          },
        },
        b: {},
      },
    });
    for (const r of await onBoth(modelOf(machine, ['GO', 'SKIP'], [{ id: 'NOT-B', title: 'never b', description: 'b is reached through raised events', check: (s) => !s.matches('b') || 'in b' }]))) {
      expectVerdict(r, 'violation');
      expect(stepsOf(r)).to.deep.equal([':(initial)', ':SKIP']);
    }
    const [c, ref] = await onBoth(modelOf(machine, ['GO'], []));
    expect(c.stats.distinct).to.equal(4).and.equal(ref.stats.distinct); // n = 0, 1, 2, then b
  });

  it('runs entry, exit and initial actions in xstate order (exit, transition, entry, initial)', async () => {
    const push = (x: string) => assign(({ context }: { context: { log: string } }) => ({ log: context.log + x }));
    const machine = createMachine({
      context: { log: '' },
      initial: 'a',
      states: {
        a: { exit: push('X'), on: { GO: { target: 'b', actions: push('T') } } },
        b: { entry: push('E'), initial: { target: 'c', actions: push('I') }, states: { c: { entry: push('C') } } },
      },
    } as never);
    for (const r of await onBoth(modelOf(machine, ['GO'], [{ id: 'LOG', title: 'log', description: 'the order actions ran in', check: (s) => s.context.log === '' || `log ${s.context.log}` }]))) {
      expect(r.violations[0]!.message).to.equal('log XTEIC');
    }
  });
});

describe('the environment: delayed transitions and invoked actors', () => {
  it('fires a delayed transition as an untimed environment event: the violation it leads to, with the environment step in the trace', async () => {
    const machine = createMachine({ id: 'm', initial: 'a', states: { a: { after: { 1000: 'b' } }, b: {} } });
    const never = { id: 'NEVER-B', title: 'never in b', description: 'b is reached only by the timer', check: (s: { matches: (v: string) => boolean }) => !s.matches('b') || 'in b' };
    for (const r of await onBoth(modelOf(machine, [], [never]))) {
      expectVerdict(r, 'violation');
      expect(stepsOf(r)).to.deep.equal([':(initial)', 'environment:xstate.after.1000.m.a']);
      expect(r.environment).to.deep.equal({ delays: true });
      expect(formatText(r, 'x')).to.contain('environment: delayed transitions fire untimed');
    }
    // excluded, the verdict says so
    for (const r of await onBoth(modelOf(machine, [], [never]), { environment: [] })) {
      expectVerdict(r, 'pass');
      expect(r.environment).to.deep.equal({ delays: false });
      expect(formatText(r, 'x')).to.contain('the verdict excludes delayed transitions (--environment)');
    }
  });

  const fetcher = setup({ actors: { load: fromPromise(async () => 42) } }).createMachine({
    id: 'f',
    context: { data: null as unknown, failed: false },
    initial: 'idle',
    states: {
      idle: { on: { FETCH: 'loading' } },
      loading: { invoke: { src: 'load', onDone: { target: 'idle', actions: assign({ data: ({ event }) => event.output }) }, onError: { target: 'idle', actions: assign({ failed: true }) } } },
    },
  });
  const noFailure = { id: 'NO-FAILURE', title: 'never failed', description: 'the load never fails', check: (s: { context: { failed: boolean } }) => !s.context.failed || 'failed' };

  it("explores an invoked actor's completion and failure: the failure's violation, with the environment's step", async () => {
    for (const r of await onBoth(modelOf(fetcher, ['FETCH'], [noFailure]))) {
      expectVerdict(r, 'violation');
      expect(stepsOf(r)).to.deep.equal([':(initial)', ':FETCH', 'environment:xstate.error.actor.0.f.loading']);
    }
  });

  it('takes the outputs and errors a model declares for an actor (by source), and none where it declares false', async () => {
    const declared = modelOf(fetcher, ['FETCH'], [noFailure, { id: 'DATA', title: 'data', description: 'only declared outputs', check: (s) => s.context.data === null || s.context.data === 7 || s.context.data === 8 || `data ${String(s.context.data)}` }], {
      environment: { actors: { load: { done: [7, 8], error: false } } },
    });
    for (const r of await onBoth(declared)) {
      expectVerdict(r, 'pass');
      // idle and loading with data null, with 7 and with 8: the declared outputs, and no failure
      expect(r.stats.distinct).to.equal(6);
    }
  });

  it('reports an actor failure no transition takes as UNHANDLED-ACTOR-ERROR (xstate stops the machine in status error), and only where the actor can fail', async () => {
    const ticker = setup({ actors: { ticks: fromCallback(() => () => {}) } }).createMachine({ id: 't', initial: 'on', states: { on: { invoke: { src: 'ticks' }, on: { STOP: 'off' } }, off: {} } });
    for (const r of await onBoth(modelOf(ticker, ['STOP']))) {
      expectVerdict(r, 'violation');
      expect(r.violations[0]!.id).to.equal('UNHANDLED-ACTOR-ERROR');
      expect(r.violations[0]!.message).to.contain("the machine stopped with status 'error'");
      expect(stepsOf(r)).to.deep.equal([':(initial)', 'environment:xstate.error.actor.0.t.on']);
    }
    for (const r of await onBoth(modelOf(ticker, ['STOP'], [], { environment: { actors: { ticks: { error: false } } } }))) {
      expectVerdict(r, 'pass');
      expect(r.invariants).to.deep.equal([]);
    }
  });

  it("offers an invoked actor's snapshots where its invoke has onSnapshot: those the model declares", async () => {
    const m = setup({ actors: { feed: fromCallback(() => () => {}) } }).createMachine({
      id: 's',
      context: { seen: 0 },
      initial: 'on',
      states: { on: { invoke: { src: 'feed', onSnapshot: { actions: assign({ seen: ({ event }) => (event.snapshot as unknown as { n: number }).n }) } } } },
    });
    const model = modelOf(m, [], [{ id: 'SEEN', title: 'seen', description: 'only declared snapshots', check: (s) => s.context.seen !== 2 || 'saw 2' }], {
      environment: { actors: { feed: { snapshot: [{ n: 1 }, { n: 2 }], done: false, error: false } } },
    });
    for (const r of await onBoth(model)) {
      expectVerdict(r, 'violation');
      expect(stepsOf(r)).to.deep.equal([':(initial)', 'environment:xstate.snapshot.0.s.on']);
      expect(r.violations[0]!.trace[1]!.event).to.deep.equal({ type: 'xstate.snapshot.0.s.on', snapshot: { n: 2 } });
    }
  });

  it('never steps an event of the alphabet where the machine cannot take it (an actor error event with no handler is not enabled)', async () => {
    const m = createMachine({ id: 'n', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } });
    for (const r of await onBoth(modelOf(m, ['GO', 'xstate.error.actor.x']))) {
      expectVerdict(r, 'pass');
      expect(r.stats.distinct).to.equal(2);
    }
  });

  it("starts the machine with the model's input (context factory and initial event)", async () => {
    const m = createMachine({ context: ({ input }: { input: { start: number } }) => ({ n: input.start }), initial: 'a', states: { a: { on: { INC: { actions: assign(({ context }) => ({ n: context.n + 1 })) } } } } } as never);
    for (const r of await onBoth(modelOf(m as AnyStateMachine, ['INC'], [atMost(12)], { input: () => ({ start: 10 }) }))) {
      expectVerdict(r, 'violation');
      expect(r.violations[0]!.trace).to.have.length(4);
    }
  });
});

describe('history, final states and coverage', () => {
  // A deep history inside a parallel state: xstate records it in the order the regions' states
  // were entered, which a state's identity must not depend on.
  const heater = createMachine({
    id: 'heater',
    initial: 'off',
    states: {
      off: { on: { POWER: 'on.hist' } },
      on: {
        initial: 'running',
        on: { POWER: 'off' },
        states: {
          running: {
            type: 'parallel',
            states: {
              fan: { initial: 'low', states: { low: { on: { FAN: 'high' } }, high: { on: { FAN: 'low' } } } },
              heat: { initial: 'cool', states: { cool: { on: { HEAT: 'warm' } }, warm: { on: { HEAT: 'cool' } } } },
            },
          },
          hist: { type: 'history', history: 'deep' },
        },
      },
    },
  });

  it('counts a deep history inside a parallel state once per recorded configuration (25 states, not 45)', async () => {
    for (const r of await onBoth(modelOf(heater, ['POWER', 'FAN', 'HEAT']))) {
      expectVerdict(r, 'pass');
      // on: 4 configurations x (nothing recorded yet, or one of 4 recorded); off: nothing recorded, or one of 4
      expect(r.stats.distinct).to.equal(25);
      expect(r.coverage!.unreachedStates).to.deep.equal([]); // the history pseudo-state is not a state to reach
    }
  });

  it('counts the always and onDone transitions of each step on both engines', async () => {
    const m = createMachine({
      id: 'd',
      initial: 'work',
      context: { n: 0 },
      states: {
        work: { initial: 'a', onDone: 'check', states: { a: { on: { NEXT: 'z' } }, z: { type: 'final' } } },
        check: { always: [{ guard: ({ context }: { context: { n: number } }) => context.n > 0, target: 'end' }, { target: 'work', actions: assign({ n: 1 }) }] },
        end: { type: 'final' },
      },
    } as never);
    const [c, r] = await onBoth(modelOf(m as AnyStateMachine, ['NEXT']));
    for (const x of [c, r]) {
      const fired = Object.fromEntries(x.coverage!.transitions.map((t) => [`${t.source} ${t.event || 'always'} #${t.candidate}`, t.fired]));
      expect(fired['d.work xstate.done.state.d.work #0']).to.equal(2);
      expect(fired['d.check always #0']).to.equal(1);
      expect(fired['d.check always #1']).to.equal(1);
    }
    expect(c.coverage).to.deep.equal(r.coverage);
  });
});

describe('what no engine runs', () => {
  it('lists, once in the result, the actions that act only outside the machine (collected, not run)', async () => {
    const m = createMachine({ initial: 'a', states: { a: { entry: ['notify', log('x')], on: { GO: { target: 'b', actions: [sendParent({ type: 'HI' }), () => {}] } } }, b: {} } } as never);
    for (const r of await onBoth(modelOf(m as AnyStateMachine, ['GO']))) {
      expectVerdict(r, 'pass');
      expect(r.notRun).to.deep.equal(['notify', 'log', 'sendTo', '(anonymous)']);
      expect(formatText(r, 'x')).to.contain('actions not run: notify, log, sendTo, (anonymous)');
    }
  });

  it('is a model error, as in xstate, to send to an actor that is not running; an invoked one may be sent to', async () => {
    const m = setup({ actors: { svc: fromCallback(() => () => {}) } }).createMachine({
      initial: 'a',
      states: { a: { on: { GO: 'b', SEND: { actions: sendTo('svc1', { type: 'HI' }) } } }, b: { invoke: { src: 'svc', id: 'svc1' }, on: { SEND: { actions: sendTo('svc1', { type: 'HI' }) } } } },
    });
    for (const engine of ENGINES) {
      const r = await check(modelOf(m, ['SEND', 'GO'], [], { environment: { actors: false } }), { engine });
      expectVerdict(r, 'error');
      expect(r.error!.message).to.contain("Unable to send event to actor 'svc1'");
      const ok = await check(modelOf(m, ['GO', 'SEND'], [], { environment: { actors: false }, events: (s: { matches: (v: string) => boolean }) => (s.matches('a') ? [{ type: 'GO' }] : [{ type: 'SEND' }]) } as Partial<Model>), { engine });
      expectVerdict(ok, 'pass');
    }
  });

  it('refuses on both engines, naming every one, the constructs it cannot run soundly', async () => {
    const m = setup({ actors: { child: fromPromise(async () => 1) } }).createMachine({
      id: 'u',
      initial: 'a',
      states: {
        a: { entry: raise({ type: 'LATER' }, { delay: 100 }), on: { GO: { actions: spawnChild('child') } } },
        b: { exit: raise({ type: 'SOON' }, { delay: 5 }) },
      },
    } as never);
    for (const engine of ENGINES) {
      const r = await check(modelOf(m as unknown as AnyStateMachine, ['GO']), { engine });
      expectVerdict(r, 'error');
      expect(r.error!.code).to.equal('unsupported');
      expect(r.error!.message).to.contain("a delayed raise (raise with a delay) in the entry actions of state 'u.a'").and.contain("spawnChild in the GO transition of state 'u.a'").and.contain("a delayed raise (raise with a delay) in the exit actions of state 'u.b'");
    }
  });

  it('refuses on both engines what an enqueueActions body makes as it runs: a delayed raise, a sendTo to the machine itself', async () => {
    const delayed = createMachine({ initial: 'a', states: { a: { on: { GO: { actions: enqueueActions(({ enqueue }) => enqueue.raise({ type: 'X' }, { delay: 5 })) } } } } });
    const toSelf = createMachine({ initial: 'a', states: { a: { on: { GO: { actions: enqueueActions(({ enqueue }) => enqueue.sendTo(({ self }) => self, { type: 'X' })) } } } } });
    for (const engine of ENGINES) {
      const a = await check(modelOf(delayed, ['GO']), { engine });
      expect(a.error?.code, engine).to.equal('unsupported');
      expect(a.error!.message).to.contain('a delayed raise');
      const b = await check(modelOf(toSelf, ['GO']), { engine });
      expect(b.error?.code, engine).to.equal('unsupported');
      expect(b.error!.message).to.contain('sendTo the machine itself');
    }
  });

  it("stops with a model error where xstate's own step leaves an inconsistent configuration (a history target and a transition into another region, taken together)", async () => {
    const m = createMachine({
      id: 'm',
      type: 'parallel',
      states: {
        a: { initial: 'x', states: { x: { on: { GO: 'h' } }, h: { type: 'history' } } },
        b: { initial: 'y', states: { y: { on: { GO: '#m.c.w' } } } },
        c: { initial: 'v', states: { v: {}, w: {} } },
      },
    });
    for (const engine of ENGINES) {
      const r = await check(modelOf(m, ['GO']), { engine });
      expect(r.error?.code, engine).to.equal('inconsistent-step');
      expect(r.error!.message).to.contain("the parallel state 'm' is active but its region 'a' is not");
    }
  });
});

describe('mutation of the context in place', () => {
  const board = () => ({ cells: [0, 0, 0] as number[] });
  const cases: [string, AnyStateMachine, Partial<Model>][] = [
    ['an assign', createMachine({ context: board, initial: 'a', states: { a: { on: { SET: { actions: assign(({ context }: { context: { cells: number[] } }) => { context.cells[1] = 1; return { cells: context.cells }; }) } } } } } as never), {}],
    ['a guard', createMachine({ context: board, initial: 'a', states: { a: { on: { SET: { guard: ({ context }: { context: { cells: number[] } }) => (context.cells[2] = 1) > 0, target: 'b' } } }, b: {} } } as never), {}],
    ['events()', createMachine({ context: board, initial: 'a', states: { a: {} } } as never), { events: (s: { context: { cells: number[] } }) => ((s.context.cells[0] = 5), [{ type: 'SET' }]) } as Partial<Model>],
  ];
  for (const [who, machine, extra] of cases) {
    it(`is a model error naming the field when ${who} writes into the context, on both engines`, async () => {
      for (const engine of ENGINES) {
        const r = await check(modelOf(machine, ['SET'], [], extra), { engine });
        expect(r.error?.code, `${engine}: ${r.error?.message}`).to.equal('mutation');
        expect(r.error!.message).to.match(/mutated the context in place \(it wrote cells\[\d\] at .*semantics\.test\.ts:\d+:\d+\)/);
      }
    });
  }

  it('is a model error when an invariant writes into the context, on both engines', async () => {
    const m = createMachine({ context: board, initial: 'a', states: { a: {} } } as never);
    const meddling = { id: 'MEDDLE', title: 'writes', description: 'an invariant that writes', check: (s: { context: { cells: number[] } }) => ((s.context.cells[1] = 9), true as const) };
    for (const engine of ENGINES) {
      const r = await check(modelOf(m as AnyStateMachine, [], [meddling]), { engine });
      expect(r.error?.code, engine).to.equal('mutation');
      expect(r.error!.message).to.contain('invariant MEDDLE mutated the context in place (it wrote cells[1]');
    }
  });
});
