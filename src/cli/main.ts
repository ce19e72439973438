import { ModelError, UsageError, oneLine, shortValue, stackOverflowError } from '../model/errors.ts';
import { EXIT } from './exitCodes.ts';
import type { Io } from './Io.ts';
import { packageInfo } from './packageInfo.ts';

export const USAGE = `usage:
  lucheck check [MODEL] [--set key=value ...] [--config FILE.json] [--strategy bfs|dfs]
                [--max-states N] [--expect-states N] [--max-depth N] [--time-limit SECONDS] [--memory SIZE] [--spill-dir DIR] [--workers N]
                [--check-determinism] [--symmetry] [--drop-auxiliary] [--invariant ID ...] [--fairness none|WF(ACTOR),SF(event:TYPE),...] [--engine auto|compiled|reference] [--format text|json|itf] [--out FILE] [--reporter text|json|itf|junit|github|markdown|sarif[:FILE] | html:DIR ...]
                [--checkpoint DIR [--checkpoint-every SECONDS]] [--resume DIR]
  lucheck simulate [MODEL] [--set key=value ...] [--runs N] [--depth N] [--seed N [--path P]] [--time-limit SECONDS] [--swarm] [--workers N]
                [--invariant ID ...] [--engine auto|compiled|reference] [--environment LIST] [--format text|json|itf] [--out FILE] [--reporter ...]
  lucheck distributed MODEL --redis URL --run NAME --partitions P [--lease SECONDS] [check's --set, bounds, --invariant, --format, --out, --reporter ...]
  lucheck list  [MODEL]
  lucheck replay TRACE.json [MODEL]
  lucheck viz   [MODEL] [--set key=value ...] [--format svg|dot|mermaid] [--region NAME | --overview] [--out FILE | --out-dir DIR]

  lucheck --version

MODEL is a built-in model name (see lucheck list) or the path of a .ts/.js model file.
--invariant takes the ids of invariants and temporal properties alike; --fairness replaces the model's.
simulate: random walks (fast-check), the first failing one shrunk; without a failure its verdict is incomplete (exit 4), never pass.
exit codes: 0 pass, 10 invariant violated, 11 deadlock, 12 liveness (a temporal property fails), 4 incomplete
(a bound or --memory stopped the search), 2 usage or parameter error, 3 model error, 1 internal error.
`;

type Command = (args: readonly string[], io: Io) => Promise<number>;

/**
 * Each command's module, loaded when that command runs: a process loads what its command
 * needs, not the Redis client (`distributed`) for every `check`, nor any command's code for
 * `--version` or `--help`. (The library, which model files import, is loaded by
 * bin/lucheck.js before this, whatever the command.)
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  check: async () => (await import('./commands/check.ts')).runCheck,
  list: async () => (await import('./commands/list.ts')).runList,
  replay: async () => (await import('./commands/replay.ts')).runReplay,
  simulate: async () => (await import('./commands/simulate.ts')).runSimulate,
  viz: async () => (await import('./commands/viz.ts')).runViz,
  distributed: async () => (await import('./commands/distributed.ts')).runDistributed,
};

/**
 * The CLI's single exit point: runs a command and returns the process exit code. Usage and
 * model errors become one line on stderr; nothing else is printed for them.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE);
    return command === undefined ? EXIT.usage : EXIT.pass;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    io.stdout.write(`lucheck ${packageInfo().version}\n`);
    return EXIT.pass;
  }
  // `lucheck check --help`: the same usage text, as `lucheck --help` prints it
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(USAGE);
    return EXIT.pass;
  }
  // own names only: `lucheck toString` is an unknown command, not Object.prototype's
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!load) throw new UsageError(`unknown command ${shortValue(command)}; allowed: ${Object.keys(COMMANDS).join(', ')} (lucheck --help)`);
    const run = await load();
    return await run(rest, io);
  } catch (thrown) {
    const error = stackOverflowError(thrown) ?? thrown;
    if (error instanceof UsageError) {
      io.stderr.write(`lucheck: ${oneLine(error.message)}\n`);
      return EXIT.usage;
    }
    if (error instanceof ModelError) {
      io.stderr.write(`lucheck: model error (${error.code}): ${oneLine(error.message)}\n`);
      return EXIT.modelError;
    }
    io.stderr.write(`lucheck: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
