/*
 * Source: https://github.com/helgardferreira/xstate-workshop — libs/toasts/src/lib/actors/toast-group/actors/toast/toast.machine.ts
 * Commit: 95a275d2e089b81a0cca1eba3f9c84f43a8f739f
 * Licence: MIT (package.json "license": "MIT"; the repository has no LICENSE file)
 *
 * This file is the upstream file as written, except for these edits:
 *   1. the imports of workspace modules ('../../../../types.js', '../../../../utils/get-toast-duration.js', './types.js', './actors/*.actor.js') replaced by local copies of the types and of getToastDuration, and by never-emitting stand-ins for the three observable actors (rxjs is not installed); `ActorRef`, `Snapshot` and `fromEventObservable` added to the xstate import for them.
 */
import {
  type ActorRef,
  type ActorRefFrom,
  type Snapshot,
  type SnapshotFrom,
  assign,
  emit,
  fromEventObservable,
  sendTo,
  setup,
} from 'xstate';

// Stand-ins for the workspace modules this file imports: the types of '../../../../types.js' and
// './types.js', and getToastDuration of '../../../../utils/get-toast-duration.js' (copied from the
// same repository and commit); the three observable actors of './actors/*.actor.js' (rxjs
// animation frames and timers) are replaced by observables that never emit, since invoked actors
// do not run under the checker. Their events (PROGRESS, DISMISS, SHOW, REMOVE) are ordinary
// events of the machine.
type ToastPlacement = 'bottom' | 'bottom-end' | 'bottom-start' | 'top' | 'top-end' | 'top-start';
type ToastType = 'error' | 'info' | 'loading' | 'success' | 'warning' | (string & {});
const defaultTimeouts: Record<ToastType, number> = {
  DEFAULT: 5000,
  error: 5000,
  info: 5000,
  loading: Infinity,
  success: 2000,
  warning: 5000,
};
const getToastDuration = (duration: number | undefined, type: ToastType) =>
  duration ?? defaultTimeouts[type] ?? defaultTimeouts.DEFAULT;
type ParentActor = ActorRef<
  Snapshot<unknown>,
  { type: 'REMOVE_CHILD'; placement: `${ToastPlacement}`; id: string }
>;
type ToastActorContext = {
  closable: boolean;
  closeTimerStartTime: number;
  createdAt: number;
  description: string | undefined;
  duration: number;
  id: string;
  parentActor: ParentActor;
  placement: `${ToastPlacement}`;
  progress: number;
  remainingTime: number;
  removeDelay: number;
  title: string | undefined;
  type: ToastType;
};
type ToastActorInput = {
  closable?: boolean;
  description?: string;
  duration?: number;
  id: string;
  parentActor: ParentActor;
  placement: `${ToastPlacement}`;
  removeDelay: number;
  title?: string;
  type: ToastType;
};
type ToastActorTag = 'paused' | 'updating' | 'visible';
type ToastActorEmittedStatusEvent = {
  type: 'status';
  status: 'dismissing' | 'removed' | 'visible';
};
type ToastActorEmittedEvent = ToastActorEmittedStatusEvent;
type UpdateEvent = {
  type: 'UPDATE';
  options: {
    closable?: boolean;
    description?: string;
    duration?: number;
    removeDelay?: number;
    title?: string;
    type?: ToastType;
  };
};
type ToastEvent =
  | { type: 'DISMISS' }
  | { type: 'PAUSE' }
  | { type: 'PROGRESS'; progress: number }
  | { type: 'REMOVE' }
  | { type: 'RESUME' }
  | { type: 'SHOW' }
  | UpdateEvent;
const never = () => ({ subscribe: () => ({ unsubscribe() {} }) });
const waitForDurationLogic = fromEventObservable<ToastEvent, { duration: number; remainingTime: number }>(never);
const waitForNextTickLogic = fromEventObservable<ToastEvent, unknown>(never);
const waitForRemoveDelayLogic = fromEventObservable<ToastEvent, { removeDelay: number }>(never);

const toastMachine = setup({
  types: {
    context: {} as ToastActorContext,
    emitted: {} as ToastActorEmittedEvent,
    events: {} as ToastEvent,
    input: {} as ToastActorInput,
    tags: {} as ToastActorTag,
  },
  actions: {
    emitEvent: emit(
      (_, { status }: { status: ToastActorEmittedStatusEvent['status'] }) => ({
        type: 'status',
        status,
      })
    ),
    removeFromParent: sendTo(
      ({ context }) => context.parentActor,
      ({ context, self }) => ({
        placement: context.placement,
        id: self.id,
        type: 'REMOVE_CHILD',
      })
    ),
    setCloseTimer: assign({
      closeTimerStartTime: () => Date.now(),
    }),
    setProgress: assign({
      progress: (_, { progress }: { progress: number }) => progress,
    }),
    syncRemainingTime: assign(({ context }) => {
      const closeTimerStartTime = context.closeTimerStartTime;
      const elapsedTime = Date.now() - closeTimerStartTime;
      const prev = context.remainingTime;

      return {
        remainingTime: prev - elapsedTime,
      };
    }),
    update: assign(({ context }, { options }: Pick<UpdateEvent, 'options'>) => {
      const {
        closable = context.closable,
        description = context.description,
        duration = context.duration,
        removeDelay = context.removeDelay,
        title = context.title,
        type = context.type,
      } = options;

      return {
        closable,
        closeTimerStartTime: Date.now(),
        description,
        duration,
        progress: 0,
        remainingTime: getToastDuration(duration, type),
        removeDelay,
        title,
        type,
      };
    }),
  },
  actors: {
    waitForDuration: waitForDurationLogic,
    waitForNextTick: waitForNextTickLogic,
    waitForRemoveDelay: waitForRemoveDelayLogic,
  },
  guards: {
    isNotLoadingType: ({ context }) => context.type !== 'loading',
    shouldPersist: (
      _,
      { duration, type }: { duration: number; type: ToastType }
    ) => type === 'loading' || duration === Infinity,
  },
}).createMachine({
  /** @xstate-layout N4IgpgJg5mDOIC5QBcD2BDWyDEAlAogLIDyAavgNoAMAuoqAA6qwCWyLqAdvSAB6IAWAEwAaEAE9EARgDsADgB0ANgFSAnAGY1AnTKVUArAIC+xsWkzIFANxasARgBsw2AArEAkgDkAKvlwA+vi+-tR0SCBMrOxcPPwIegIKAhpSBmpKemoZUkpikggaRQoywkICBgZCUqmlpuYYWDZ2LE4u7t5+gQAy+ACC5GE8UWwc3BHxegYKRUqVVFJy2nJUMvmIQhqKApkCMkVCBhrVSkr1IBZNtg7O2ACqrgAifX5DESMx46DxUrLrCAI1Ioimp5PJTlQlKkDOdLlZrq1bg9nq8pOFGMxRrEJtI-hJEKdpgYZEIlnIUjtThpYY14S02goWBBbo8PABlQjstlvDHRMZxaRKQ7JORCUG5KQLHYaf7aGQKTTCJRqKhqI7CGmWZo3MCM5ntPp3NmUWjDTGfAUIX5qIQKKjHASi1ZHKRCPL4hIaJQlAyLPQyX1ValmC607WI3VM248yLm-k4q3qW328pOgOpN3-OTHO1umT58kquS-TVXenOBQMMAAJ1YWDw+DZd0IJvRsb52O+uJtdodaZdmY9KikyXzkoqlSqdRDcPDDKrtbsOFZHK5MY+8a7Vqh00dYpkEqlUP+pzUdoMkPJMlWwg0MlLdJ1CgArgwIOh2JwoNg2QAJYgAOrrnGnZ8IgB7yoYQirGkBgqDIahSCeciKPuOjFtmcgwucnCoBAcA8HCZodl8YEIAAtO6BSUQ+CgQHYAC2disF+xFYqRPwBmeJI1KqNpKNaVEEhUChYTaaqyBoVAobRz6cAxqBycgkBsRaCa5FJIr7oeUjSv8aRJLp5JGHsyr5lCtEIm0qmbmRyr-KoI4LEocjyCqVDlMSwYNFqVkVlGYA2aB8Sit6JJUPauTXhkxInnM56QqUILyKKlnlrqC51sgQUcdIlIKNBcGilsF7mXFZ7VHIKinHoKxqGlT6vu+n5QDllp3raAZVLpXpCKS6hxdMhiJSkWgpUIpimEAA */
  id: 'toast',

  context: ({ input }) => ({
    closable: input.closable ?? true,
    closeTimerStartTime: Date.now(),
    createdAt: Date.now(),
    description: input.description,
    duration: input.duration ?? getToastDuration(input.duration, input.type),
    id: input.id,
    parentActor: input.parentActor,
    placement: input.placement,
    progress: 0,
    remainingTime: getToastDuration(input.duration, input.type),
    removeDelay: input.removeDelay,
    title: input.title,
    type: input.type,
  }),

  entry: [{ params: { status: 'visible' }, type: 'emitEvent' }],
  exit: 'removeFromParent',
  initial: 'visible',

  on: {
    REMOVE: '.removed',
  },

  states: {
    dismissing: {
      entry: {
        params: { status: 'dismissing' },
        type: 'emitEvent',
      },

      invoke: {
        id: 'waitForRemoveDelay',
        input: ({ context }) => ({ removeDelay: context.removeDelay }),
        src: 'waitForRemoveDelay',
      },
    },

    removed: {
      type: 'final',
      entry: {
        params: { status: 'removed' },
        type: 'emitEvent',
      },
    },

    visible: {
      initial: 'idle',

      on: {
        UPDATE: [
          {
            actions: {
              params: ({ event }) => ({ options: event.options }),
              type: 'update',
            },
            guard: {
              params: ({ context, event }) => ({
                duration: event.options.duration ?? context.duration,
                type: event.options.type ?? context.type,
              }),
              type: 'shouldPersist',
            },
            target: '.persist',
          },
          {
            actions: {
              params: ({ event }) => ({ options: event.options }),
              type: 'update',
            },
            target: '.updating',
          },
        ],
      },

      states: {
        idle: {
          invoke: {
            id: 'waitForDuration',
            input: ({ context }) => ({
              duration: context.duration,
              remainingTime: context.remainingTime,
            }),
            src: 'waitForDuration',
          },

          tags: ['visible'],

          on: {
            DISMISS: {
              target: '#toast.dismissing',
            },

            PAUSE: {
              actions: 'syncRemainingTime',
              target: 'persist',
            },

            PROGRESS: {
              actions: {
                params: ({ event }) => ({ progress: event.progress }),
                type: 'setProgress',
              },
            },
          },

          always: {
            guard: {
              params: ({ context }) => ({
                duration: context.duration,
                type: context.type,
              }),
              type: 'shouldPersist',
            },
            target: 'persist',
          },
        },

        persist: {
          tags: ['visible', 'paused'],
          on: {
            RESUME: {
              actions: 'setCloseTimer',
              guard: 'isNotLoadingType',
              target: 'idle',
            },
            DISMISS: {
              target: '#toast.dismissing',
            },
          },
        },

        updating: {
          invoke: {
            id: 'waitForNextTick',
            src: 'waitForNextTick',
          },
          on: {
            SHOW: { target: 'idle' },
          },
          tags: ['visible', 'updating'],
        },
      },
    },
  },
});

export { toastMachine };

type ToastActorRef = ActorRefFrom<typeof toastMachine>;
type ToastActorSnapshot = SnapshotFrom<typeof toastMachine>;

export type { ToastActorRef, ToastActorSnapshot };
