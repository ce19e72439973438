// The multiple-credit-check workflow of the xstate examples (mongodb-credit-check-api): verify the
// applicant, query three credit bureaus in parallel regions (each: cached report, else fetch),
// and when the parallel state is done (all three regions final) compute the middle score and
// the interest rates, or go back with an error. Exercises onDone of a parallel state with a
// guarded choice, parameterised actions (`saveReport` with params), many invoked promise
// actors with onDone/onError, entry actions and final states.
//
// The invoked actors' outputs are declared below (a found or missing cached report, a bureau
// score); each may also fail (every one has an onError, except the two of the rate step).
import { defineModel } from 'lucheck';
import { creditCheckMachine } from './machine.ts';

const EVENTS = [{ type: 'Submit', SSN: '123456789', lastName: 'Doe', firstName: 'Jane' }];
const credentials = { SSN: '123456789', firstName: 'Jane', lastName: 'Doe' };

export default defineModel({
  name: 'credit-check',
  description: 'xstate examples/mongodb-credit-check-api: three bureaus queried in parallel',
  machine: () => creditCheckMachine,
  events: () => EVENTS,
  environment: {
    actors: {
      verifyCredentials: { done: [credentials] },
      checkReportsTable: { done: [undefined, { ssn: '123456789', bureauName: 'any', creditScore: 640 }] },
      checkBureau: { done: [720] },
      determineMiddleScore: { done: [640], error: false },
      generateInterestRates: { done: [5], error: false },
    },
  },
  invariants: [
    {
      // scores come from reports or bureaus (positive) or default to 0.
      id: 'SCORES_NON_NEGATIVE',
      title: 'credit scores are never negative',
      description: 'the three bureau scores are >= 0',
      check: (s) =>
        [s.context.EquiGavinScore, s.context.GavUnionScore, s.context.GavperianScore].every((x: number) => x >= 0) || 'a negative score',
    },
    {
      // the onDone of CheckingCreditScores goes on only through the allSucceeded guard.
      id: 'RATES_NEED_ALL_SCORES',
      title: 'rates are computed only with all three scores',
      description: 'in DeterminingInterestRateOptions, all three scores are > 0',
      check: (s) =>
        !s.matches({ creditCheck: 'DeterminingInterestRateOptions' }) ||
        (s.context.EquiGavinScore > 0 && s.context.GavUnionScore > 0 && s.context.GavperianScore > 0) ||
        'rates without three scores',
    },
  ],
  // RatesProvided ends the flow (a final state inside a compound state that has no onDone).
  isFinal: (s) => s.matches({ creditCheck: { DeterminingInterestRateOptions: 'RatesProvided' } }),
});
