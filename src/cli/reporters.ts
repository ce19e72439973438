import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CheckResult } from '../CheckResult.ts';
import type { ModelDefinition } from '../model/defineModel.ts';
import { UsageError } from '../model/errors.ts';
import type { ParamValues } from '../model/params.ts';
import { formatGithub } from '../report/formatGithub.ts';
import { formatJson } from '../report/formatJson.ts';
import { formatJunit } from '../report/formatJunit.ts';
import { formatMarkdown } from '../report/formatMarkdown.ts';
import { formatSarif } from '../report/formatSarif.ts';
import { formatText } from '../report/formatText.ts';
import { formatItf } from '../report/formatItf.ts';
import { traceSnapshots } from '../trace/traceSnapshots.ts';
import type { ReportRun } from '../report/ReportRun.ts';
import { BUILTIN_MODELS } from './builtinModels.ts';
import { htmlReportFiles, type ReportFile } from './htmlReporter.ts';
import { locateInvariants } from './locateInvariants.ts';
import { packageInfo } from './packageInfo.ts';

/** What a reporter is given: the result and what the CLI knows about the run. */
export interface ReportInput {
  readonly result: CheckResult;
  /** The command line that reproduces the run (for `reproduce:` lines). */
  readonly command: string;
  /** The model as the user named it. */
  readonly modelName: string;
  readonly cwd: string;
  /** Where the model's invariants are defined; computed on first use (it reads the model's sources). */
  readonly locate: () => ReportRun['locations'];
  /** The loaded model (the HTML report draws its statechart); reporters that need it do without when absent. */
  readonly model?: ModelDefinition<ParamValues>;
}

function run(input: ReportInput, withLocations = false): ReportRun {
  return { result: input.result, command: input.command, modelName: input.modelName, ...(withLocations ? { locations: input.locate() } : {}) };
}

/**
 * SARIF's tool: lucheck's version, and where to read about it: package.json's home page when it
 * names one, else the README of this installation (an absolute URI, as SARIF asks).
 */
function sarifTool(): { toolVersion: string; informationUri: string } {
  const info = packageInfo();
  return { toolVersion: info.version, informationUri: info.homepage ?? new URL('../../README.md', import.meta.url).href };
}

/**
 * The reporters `--reporter NAME[:FILE]` accepts, by name. Each turns one run into the text
 * written to FILE or stdout. A new format is one entry here (the HTML report goes here).
 */
export const REPORTERS: Readonly<Record<string, (input: ReportInput) => string>> = Object.freeze({
  text: (i) => formatText(i.result, i.command, i.modelName),
  json: (i) => formatJson(i.result),
  // ITF holds whole states: the counterexample's are replayed on the model
  itf: (i) => {
    if (!i.model && i.result.violations.length > 0) throw new Error('the itf reporter replays the counterexample on the model, and was given none');
    return formatItf(i.result, i.model ? traceSnapshots(i.model, i.result) : undefined);
  },
  junit: (i) => formatJunit([run(i)]),
  github: (i) => formatGithub([run(i, true)]),
  markdown: (i) => formatMarkdown([run(i)]),
  sarif: (i) => formatSarif([run(i, true)], { srcRoot: `${pathToFileURL(i.cwd).href.replace(/\/?$/, '/')}`, ...sarifTool() }),
  // Reporters that write several files are in DIRECTORY_REPORTERS (html).
});

/**
 * The reporters that write a directory of files rather than one text, by name: each needs
 * `--reporter NAME:DIR` and returns the files to write there (names relative to DIR).
 */
export const DIRECTORY_REPORTERS: Readonly<Record<string, (input: ReportInput) => Promise<readonly ReportFile[]>>> = Object.freeze({
  html: (i) => htmlReportFiles(run(i), i.model),
});

export interface ReporterSpec {
  readonly name: string;
  /** Undefined: write to stdout (or, for a directory reporter, to `dir`). */
  readonly file?: string;
  /** Set for a directory reporter (`html:DIR`): the directory its files go into. */
  readonly dir?: string;
}

/**
 * Parses `NAME`, `NAME:FILE` or, for a directory reporter, `NAME:DIR`; an unknown name, an
 * empty FILE or a missing DIR is a one-line usage error.
 */
export function parseReporterSpec(spec: string): ReporterSpec {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  if (Object.hasOwn(DIRECTORY_REPORTERS, name)) {
    const dir = colon < 0 ? '' : spec.slice(colon + 1);
    if (dir === '') throw new UsageError(`--reporter ${name} writes a directory (a page and its pictures): give it as --reporter ${name}:DIR`);
    return { name, dir };
  }
  if (!Object.hasOwn(REPORTERS, name)) {
    const dirs = Object.keys(DIRECTORY_REPORTERS).map((n) => `${n}:DIR`);
    throw new UsageError(`unknown --reporter '${name}'; allowed: ${Object.keys(REPORTERS).join(', ')}, each as NAME or NAME:FILE, and ${dirs.join(', ')}`);
  }
  if (colon < 0) return { name };
  const file = spec.slice(colon + 1);
  if (file === '') throw new UsageError(`--reporter ${name}: needs a file name after the colon (or no colon, for stdout)`);
  return { name, file };
}

/** The source file of a model reference as `loadModel` returns it: a built-in's module, or the path itself. */
export function modelFileOf(ref: string): string {
  const builtin = Object.hasOwn(BUILTIN_MODELS, ref) ? BUILTIN_MODELS[ref] : undefined;
  return builtin ? fileURLToPath(builtin) : ref;
}

/** A `locate` function for `ReportInput`: computed once, on first use. */
export function lazyLocations(modelRef: string, ids: readonly string[], cwd: string): () => ReportRun['locations'] {
  let cached: ReportRun['locations'];
  return () => (cached ??= locateInvariants(modelFileOf(modelRef), ids, cwd));
}
