// Where a run's reports go (`--format`, `--out`, `--reporter`), for `lucheck check` and
// `lucheck simulate` alike: read and refused before the run, checked once the model is loaded,
// written after it.
import { join, resolve } from 'node:path';
import { UsageError, oneLine } from '../model/errors.ts';
import type { Io } from './Io.ts';
import { checkOutputDir, checkOutputFile, writeOutputFile, writeOutputFiles } from './files.ts';
import { isHtmlReportFile } from './reportMarkers.ts';
import { appendOutputFile, checkAppendable } from './appendOutputFile.ts';
import { DIRECTORY_REPORTERS, REPORTERS, parseReporterSpec, type ReportInput, type ReporterSpec } from './reporters.ts';
import { formatMarkdown } from '../report/formatMarkdown.ts';

/** The formats `--format` takes: each is the reporter of that name. */
export const FORMATS = ['text', 'json', 'itf'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats that are one document each (a parser reads them whole): on stdout, such a report must be alone. */
const DOCUMENTS = new Set(['json', 'junit', 'sarif', 'itf']);

export interface Outputs {
  readonly format: Format;
  /** `--out FILE` (undefined: stdout). */
  readonly out: string | undefined;
  readonly reporters: readonly ReporterSpec[];
}

/** Reads `--format`, `--out` and `--reporter`, and refuses outputs that would clash; before the run, so bad flags cost nothing. */
export function parseOutputs(values: { format?: unknown; out?: unknown; reporter?: unknown }, cwd: string): Outputs {
  const name = (values.format as string | undefined) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(name)) throw new UsageError(`unknown --format '${name}'; allowed: ${FORMATS.join(', ')}`);
  const format = name as Format;
  const out = values.out as string | undefined;
  const reporters = ((values.reporter as string[] | undefined) ?? []).map(parseReporterSpec);
  refuseSharedStdout(format, out, reporters);
  refuseSharedOutputs([out, ...reporters.flatMap((r) => (r.dir !== undefined ? [r.dir, join(r.dir, 'index.html')] : [r.file]))], cwd);
  return { format, out, reporters };
}

/** Two outputs of one run may not name the same file: the second would silently replace the first. */
function refuseSharedOutputs(files: readonly (string | undefined)[], cwd: string): void {
  const seen = new Set<string>();
  for (const f of files) {
    if (f === undefined) continue;
    const full = resolve(cwd, f);
    if (seen.has(full)) throw new UsageError(`two outputs of this run write ${f}; give each --out and --reporter its own file`);
    seen.add(full);
  }
}

/** Refuses reports that would share stdout when one of them is a document (JSON, JUnit XML, SARIF, ITF): the stream would parse as neither. */
function refuseSharedStdout(format: Format, out: string | undefined, reporters: readonly ReporterSpec[]): void {
  const onStdout = [...(out === undefined ? [format === 'text' ? 'the text report' : `--format ${format}`] : []), ...reporters.filter((r) => r.file === undefined && r.dir === undefined).map((r) => `--reporter ${r.name}`)];
  const document = onStdout.find((o) => DOCUMENTS.has(o.split(' ')[1] ?? ''));
  if (onStdout.length > 1 && document !== undefined) {
    throw new UsageError(`${onStdout.join(' and ')} would all write to stdout, and ${document} is a document that must be alone there; give the others a file (--out FILE, --reporter NAME:FILE)`);
  }
}

/**
 * Checks every output before the run, so a long run never ends in an output it cannot write;
 * `inputs` (the model, the config) are never overwritten. Returns the GitHub step summary file
 * to append to, when the github reporter runs in a GitHub Actions job.
 */
export function checkOutputs(outputs: Outputs, io: Io, inputs: readonly string[]): string | undefined {
  const outDirs = outputs.reporters.flatMap((r) => (r.dir !== undefined ? [r.dir] : []));
  for (const d of outDirs) checkOutputDir(d, io.cwd);
  for (const f of [outputs.out, ...outputs.reporters.map((r) => r.file)]) if (f !== undefined) checkOutputFile(f, io.cwd, inputs, outDirs);
  const summary = outputs.reporters.some((r) => r.name === 'github') ? io.env.GITHUB_STEP_SUMMARY : undefined;
  if (summary) checkAppendable(summary, io.cwd, inputs);
  return summary;
}

/** Writes a run's reports: directories first (created when missing, so other outputs may go into them), then `--format` to `--out` or stdout, then each reporter. */
export async function writeReports(outputs: Outputs, input: ReportInput, io: Io, inputs: readonly string[], summary: string | undefined): Promise<void> {
  for (const r of outputs.reporters) if (r.dir !== undefined) writeOutputFiles(r.dir, await DIRECTORY_REPORTERS[r.name]!(input), io.cwd, inputs, isHtmlReportFile);
  const main = REPORTERS[outputs.format]!(input);
  if (outputs.out !== undefined) writeOutputFile(outputs.out, main, io.cwd, inputs);
  else io.stdout.write(main);
  for (const r of outputs.reporters) {
    if (r.dir !== undefined) continue;
    const text = REPORTERS[r.name]!(input);
    if (r.file) writeOutputFile(r.file, text, io.cwd, inputs);
    else io.stdout.write(text);
  }
  // In a GitHub Actions job, the github reporter also leaves a Markdown summary on the run's page.
  if (summary) appendOutputFile(summary, formatMarkdown([{ result: input.result, command: input.command, modelName: input.modelName }]), io.cwd, inputs);
  // the one line on stderr, unless the text report (which says it) went to stdout already
  const result = input.result;
  const textOnStdout = (outputs.out === undefined && outputs.format === 'text') || outputs.reporters.some((r) => r.name === 'text' && r.file === undefined);
  if (result.verdict === 'error' && !textOnStdout) io.stderr.write(`lucheck: model error (${result.error!.code}): ${oneLine(result.error!.message)}\n`);
}
