// Peterson's mutual exclusion (peterson.ts) with busy waiting, and its liveness: a process that
// wants the critical section gets it. A waiting process spins (tests the condition again and
// stays) until it may enter. Starvation-free under weak fairness of the two processes; with no
// fairness, one process may spin for ever while the other never gets to give the turn away.
import { defineModel, leadsTo } from 'lucheck';
import { MUTEX, petersonMachineWith } from './peterson.ts';

const machine = petersonMachineWith(true);
const EVENTS = ['p0', 'p1'].flatMap((p) => ['WANT', 'YIELD', 'ENTER', 'SPIN', 'EXIT'].map((e) => ({ type: `${p}.${e}` })));

const entersOnceItWants = (p: 'p0' | 'p1') =>
  leadsTo(
    { id: `ENTERS-${p}`, title: `${p} gets the critical section it wants`, description: `whenever ${p} has raised its flag, it is critical then or later` },
    (s) => s.matches({ [p]: 'want' }) || s.matches({ [p]: 'waiting' }),
    (s) => s.matches({ [p]: 'critical' }),
  );

export default defineModel({
  name: 'fair-mutex',
  description: "Peterson's mutual exclusion with busy waiting: no process starves under weak fairness (holds)",
  machine: () => machine,
  events: () => EVENTS,
  invariants: [MUTEX],
  properties: [entersOnceItWants('p0'), entersOnceItWants('p1')],
  fairness: [
    { kind: 'weak', actor: 'p0' },
    { kind: 'weak', actor: 'p1' },
  ],
});
