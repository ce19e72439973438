import type { StateCodec } from '../search/TransitionSystem.ts';
import type { ValueLanes } from '../store/ValueLanes.ts';
import type { CompiledMachine } from './compileMachine.ts';
import { CompiledSnapshot } from './CompiledSnapshot.ts';
import type { Configuration } from './Configuration.ts';
import type { ConfigurationTable } from './ConfigurationTable.ts';

/**
 * The frontier's encodings of compiled states. `codec`: the configuration's number, then the
 * context, value by value in the layout's order when it has exactly the layout's keys (a value
 * that is the very object the previous state held there is one byte, `writeSlot`), then, for a
 * machine that stopped, its output or error. `wireCodec` writes the configuration by its text,
 * which means the same in another instance of the system (another thread).
 */
export function compiledCodecs(cm: CompiledMachine, configs: ConfigurationTable, layoutShaped: boolean): { codec: StateCodec<CompiledSnapshot>; wireCodec: StateCodec<CompiledSnapshot> } {
  const layoutKeys = cm.layout ?? [];
  // A layout-shaped context is read back as one object literal (fixed shape, as contextMerger's).
  const readLayout = layoutShaped
    ? (new Function('q', `return { ${layoutKeys.map((k, i) => `${JSON.stringify(k)}: q.readSlot(${i})`).join(', ')} };`) as (q: ValueLanes) => Record<string, unknown>)
    : undefined;
  // ... and written the same way, each value a fixed-name load.
  const writeLayout = layoutShaped
    ? (new Function('q', 'c', layoutKeys.map((k, i) => `q.writeSlot(${i}, c[${JSON.stringify(k)}]);`).join('\n')) as (q: ValueLanes, c: Record<string, unknown>) => void)
    : undefined;
  function writeState(s: CompiledSnapshot, q: ValueLanes): void {
    const ctx = s.context;
    if (s.shaped && writeLayout) {
      q.writeTag(1);
      writeLayout(q, ctx);
    } else {
      q.writeTag(0);
      q.writeValue(ctx);
    }
    if (!s.activeFlatStep && s.config.status !== 'active') q.writeValue(s.result);
  }
  function readState(config: Configuration, q: ValueLanes): CompiledSnapshot {
    const shaped = q.readTag() === 1;
    const ctx = shaped ? readLayout!(q) : (q.readValue() as Record<string, unknown>);
    return new CompiledSnapshot(config, ctx, shaped, undefined, config.status !== 'active' ? q.readValue() : undefined);
  }
  return {
    codec: {
      write(s, q) {
        q.writeNumber(s.configIndex);
        writeState(s, q);
      },
      read: (q) => readState(configs.at(q.readNumber()), q),
    },
    wireCodec: {
      write(s, q) {
        q.writeValue(s.config.text);
        writeState(s, q);
      },
      read: (q) => readState(configs.ofText(q.readValue() as string), q),
    },
  };
}
