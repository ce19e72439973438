// The reports of a check's result, as `lucheck check` writes them and `lucheck distributed`
// too: the choice of outputs (--format, --out, --reporter), checked before the search so that a
// long run never ends in an output it cannot write, then the reports and the exit code.
import { join, resolve } from 'node:path';
import type { CheckResult } from '../CheckResult.ts';
import type { Model } from '../model/defineModel.ts';
import { UsageError, oneLine } from '../model/errors.ts';
import { formatText } from '../report/formatText.ts';
import { formatJson } from '../report/formatJson.ts';
import { formatMarkdown } from '../report/formatMarkdown.ts';
import { EXIT_FOR_VERDICT } from './exitCodes.ts';
import type { Io } from './Io.ts';
import { checkOutputDir, checkOutputFile, writeOutputFile, writeOutputFiles } from './files.ts';
import { isHtmlReportFile } from './reportMarkers.ts';
import { appendOutputFile, checkAppendable } from './appendOutputFile.ts';
import { DIRECTORY_REPORTERS, REPORTERS, lazyLocations, parseReporterSpec, type ReportInput } from './reporters.ts';

const FORMATS = { text: formatText, json: (r: CheckResult) => formatJson(r) } as const;
type Format = keyof typeof FORMATS;

/** The outputs a run asked for. */
export interface ReportOptions {
  readonly format: Format;
  readonly out: string | undefined;
  readonly reporters: ReturnType<typeof parseReporterSpec>[];
}

function parseFormat(name: string, flag: string): Format {
  if (!Object.hasOwn(FORMATS, name)) throw new UsageError(`unknown ${flag} '${name}'; allowed: ${Object.keys(FORMATS).join(', ')}`);
  return name as Format;
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

/** Formats that are one document each (a parser reads them whole): on stdout, such a report must be alone. */
const DOCUMENTS = new Set(['json', 'junit', 'sarif']);

/** Refuses reports that would share stdout when one of them is a document (JSON, JUnit XML, SARIF): the stream would parse as neither. */
function refuseSharedStdout(format: Format, out: string | undefined, reporters: readonly { name: string; file?: string; dir?: string }[]): void {
  const onStdout = [...(out === undefined ? [format === 'text' ? 'the text report' : `--format ${format}`] : []), ...reporters.filter((r) => r.file === undefined && r.dir === undefined).map((r) => `--reporter ${r.name}`)];
  const document = onStdout.find((o) => DOCUMENTS.has(o.split(' ')[1] ?? ''));
  if (onStdout.length > 1 && document !== undefined) {
    throw new UsageError(`${onStdout.join(' and ')} would all write to stdout, and ${document} is a document that must be alone there; give the others a file (--out FILE, --reporter NAME:FILE)`);
  }
}

/** --format, --out and --reporter as parsed, refused when two outputs collide. */
export function parseReportOptions(values: Readonly<Record<string, unknown>>, cwd: string): ReportOptions {
  const format = parseFormat((values.format as string | undefined) ?? 'text', '--format');
  const out = values.out as string | undefined;
  const reporters = ((values.reporter as string[] | undefined) ?? []).map(parseReporterSpec);
  refuseSharedStdout(format, out, reporters);
  refuseSharedOutputs([out, ...reporters.flatMap((r) => (r.dir !== undefined ? [r.dir, join(r.dir, 'index.html')] : [r.file]))], cwd);
  return { format, out, reporters };
}

/**
 * Checks every output before the search (`inputs`: files no output may overwrite); the GitHub
 * step summary to append to, when the github reporter runs in a GitHub Actions job.
 */
export function checkReportOutputs(o: ReportOptions, io: Io, inputs: readonly string[]): string | undefined {
  const outDirs = o.reporters.flatMap((r) => (r.dir !== undefined ? [r.dir] : []));
  for (const d of outDirs) checkOutputDir(d, io.cwd);
  for (const f of [o.out, ...o.reporters.map((r) => r.file)]) if (f !== undefined) checkOutputFile(f, io.cwd, inputs, outDirs);
  const summary = o.reporters.some((r) => r.name === 'github') ? io.env.GITHUB_STEP_SUMMARY : undefined;
  if (summary) checkAppendable(summary, io.cwd, inputs);
  return summary;
}

/** What the reports say of the run besides its result. */
export interface ReportContext {
  readonly command: string;
  readonly modelArg: string;
  readonly modelRef: string;
  readonly model: Model;
  readonly inputs: readonly string[];
  readonly summary: string | undefined;
}

/** Writes the reports of `result`; the exit code for its verdict. */
export async function writeReports(result: CheckResult, o: ReportOptions, c: ReportContext, io: Io): Promise<number> {
  const { command, modelArg, inputs, summary } = c;
  const render = (f: Format) => (f === 'text' ? formatText(result, command, modelArg) : FORMATS[f](result));
  const input: ReportInput = { result, command, modelName: modelArg, cwd: io.cwd, locate: lazyLocations(c.modelRef, [...result.invariants, ...(result.properties ?? [])], io.cwd), model: c.model };
  // Directories first (created when missing), so other outputs may be written into them.
  for (const r of o.reporters) if (r.dir !== undefined) writeOutputFiles(r.dir, await DIRECTORY_REPORTERS[r.name]!(input), io.cwd, inputs, isHtmlReportFile);
  if (o.out !== undefined) writeOutputFile(o.out, render(o.format), io.cwd, inputs);
  else io.stdout.write(render(o.format));
  for (const r of o.reporters) {
    if (r.dir !== undefined) continue;
    const text = REPORTERS[r.name]!(input);
    if (r.file) writeOutputFile(r.file, text, io.cwd, inputs);
    else io.stdout.write(text);
  }
  // In a GitHub Actions job, the github reporter also leaves a Markdown summary on the run's page.
  if (summary) appendOutputFile(summary, formatMarkdown([{ result, command, modelName: modelArg }]), io.cwd, inputs);
  // the one line on stderr, unless the text report (which says it) went to stdout already
  const textOnStdout = (o.out === undefined && o.format === 'text') || o.reporters.some((r) => r.name === 'text' && r.file === undefined);
  if (result.verdict === 'error' && !textOnStdout) io.stderr.write(`lucheck: model error (${result.error!.code}): ${oneLine(result.error!.message)}\n`);
  return EXIT_FOR_VERDICT[result.verdict];
}
