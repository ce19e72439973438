// The new-patient onboarding workflow of the xstate examples (after the Serverless Workflow
// example): store the patient, assign a doctor, schedule an appointment (three invoked promise
// actors in a compound state); the compound's final `Done` triggers its onDone to the final `End`,
// and any failure jumps straight to `#End`. Exercises onDone of a compound state, `#id` targets
// out of nested states, onError, and a named actor map in createMachine's second argument.
import { defineModel } from 'lucheck';
import { workflow } from './machine.ts';

export default defineModel({
  name: 'patient-onboarding',
  description: 'xstate examples/workflow-new-patient-onboarding: three steps, failures end the workflow',
  machine: () => workflow,
  events: () => [{ type: 'NewPatientEvent', name: 'John Doe', condition: 'Broken Arm' }],
  invariants: [
    {
      // NewPatientEvent assigns the patient on the way into Onboard; only Onboard's onDone clears it.
      id: 'PATIENT_WHILE_ONBOARDING',
      title: 'a patient is known while onboarding',
      description: 'in Onboard, context.patient is set',
      check: (s) => !s.matches('Onboard') || s.context.patient !== null || 'onboarding without a patient',
    },
    {
      // Idle is left only by NewPatientEvent, which sets the patient.
      id: 'IDLE_HAS_NO_PATIENT',
      title: 'no patient before the event',
      description: 'in Idle, context.patient is null',
      check: (s) => !s.matches('Idle') || s.context.patient === null || 'idle with a patient',
    },
  ],
});
