import { counterexampleText, fairnessPhrase, loopLine, violationHeadline } from './violationText.ts';
import type { CheckResult, InvariantInfo, Violation } from '../CheckResult.ts';
import { formatEvent } from './formatEvent.ts';
import { parseChange } from './changeTable.ts';
import { DEADLOCK_INFO, configurationName, titleOf, type ReportRun, type SourceLocation } from './ReportRun.ts';
import { stopReason } from './stopReason.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /**
   * Absolute `file:` URI (ending in `/`) of the directory the `locations` paths are relative
   * to, given as `originalUriBaseIds.SRCROOT`. Without it, consumers resolve the relative paths
   * against the repository root (what GitHub code scanning does).
   */
  readonly srcRoot?: string;
  /** The tool's home page, as `tool.driver.informationUri` (left out when not known). */
  readonly informationUri?: string;
  /** lucheck's version, as `tool.driver.version` and `semanticVersion` (left out when not known). */
  readonly toolVersion?: string;
}

/** `no counter below zero` → `NoCounterBelowZero`, the identifier-like `name` SARIF asks for. */
function ruleName(info: InvariantInfo): string {
  const words = (info.title || info.id).match(/[A-Za-z0-9]+/g) ?? [info.id];
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function rule(info: InvariantInfo, location: SourceLocation | undefined) {
  const help = [info.description, info.source ? `source: ${info.source}` : '', location ? `defined in ${location.file}:${location.line}` : ''].filter(Boolean).join('\n');
  return {
    id: info.id,
    name: ruleName(info),
    shortDescription: { text: info.title || info.id },
    fullDescription: { text: info.description || info.title || info.id },
    help: { text: help || info.id },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['lucheck', info.id === 'DEADLOCK' ? 'deadlock' : 'kind' in info ? 'liveness' : 'invariant'], ...(info.source ? { source: info.source } : {}) },
  };
}

/** The invariants a run checked, with titles: from `invariantInfo`, or bare ids for older results. */
function infos(result: CheckResult): InvariantInfo[] {
  return result.invariants.map((id) => result.invariantInfo?.find((i) => i.id === id) ?? { id, title: titleOf(result, id), description: '' });
}

/** A relative path becomes a relative URI under `SRCROOT`; an absolute one (outside the source root) a `file:` URI. */
function artifactLocation(file: string) {
  const uri = file.split('/').map(encodeURIComponent).join('/');
  return file.startsWith('/') ? { uri: `file://${uri}` } : { uri, uriBaseId: 'SRCROOT' };
}

function physical(location: SourceLocation) {
  return { physicalLocation: { artifactLocation: artifactLocation(location.file), region: { startLine: location.line } } };
}

/** The counterexample as one thread flow: a location per step, its message the event, its `state` what changed. */
function codeFlow(v: Violation) {
  const cycle = (step: number) => (v.loop !== undefined && step > v.loop.start ? ' (cycle)' : '');
  return {
    message: { text: v.loop ? `${counterexampleText(v, 'bfs')}; ${loopLine(v)}` : `${v.trace.length - 1}-step counterexample` },
    threadFlows: [
      {
        locations: v.trace.map((t) => ({
          executionOrder: t.step,
          location: { message: { text: t.step === 0 ? `0: initial state: ${t.state}` : `${t.step}${cycle(t.step)}: ${t.actor ? `${t.actor}: ` : ''}${formatEvent(t.event)} → ${t.state}` } },
          state: Object.fromEntries(t.changes.map(parseChange).map((c) => [c.path, { text: c.before === '' && c.after === '' ? c.path : `${c.before} → ${c.after}` }])),
        })),
      },
    ],
  };
}

function sarifResult(run: ReportRun, v: Violation, ruleIndex: number) {
  const where = run.locations?.[v.id];
  const config = configurationName(run);
  const what = `${violationHeadline(v)}${v.kind === 'liveness' ? ` ${fairnessPhrase(run.result)}` : ''}`;
  return {
    ruleId: v.id,
    ruleIndex,
    level: 'error',
    message: { text: `${what} in ${config}: ${v.message}${run.command ? `\nreproduce: ${run.command}` : ''}` },
    locations: where ? [physical(where)] : [],
    // One result per configuration and invariant: GitHub must not merge two configurations' alerts.
    partialFingerprints: { 'lucheckConfiguration/v1': `${config}/${v.id}` },
    codeFlows: [codeFlow(v)],
    properties: { configuration: config, verdict: run.result.verdict, steps: v.trace.length - 1, ...(v.loop ? { loopStart: v.loop.start, stutter: v.loop.stutter } : {}) },
  };
}

/**
 * SARIF 2.1.0 for code-scanning tools: one run of the `lucheck` driver whose rules are the
 * invariants checked (title, description, source; plus `DEADLOCK`, then the temporal properties,
 * tagged `liveness`), and a result per violation, deadlock or failing property, located at its
 * definition when the run knows it, with its counterexample (a lasso, its cycle's steps marked)
 * as a code flow whose steps carry the context changes. Incomplete searches and
 * model errors are tool notifications, not results. Pure.
 */
export function formatSarif(runs: readonly ReportRun[], options: SarifOptions = {}): string {
  const rules: ReturnType<typeof rule>[] = [];
  const index = new Map<string, number>();
  const addRule = (info: InvariantInfo, location: SourceLocation | undefined) => {
    if (!index.has(info.id)) index.set(info.id, rules.push(rule(info, location)) - 1);
    return index.get(info.id)!;
  };
  const results = [];
  const notifications = [];
  for (const run of runs) {
    for (const info of infos(run.result)) addRule(info, run.locations?.[info.id]);
    addRule(DEADLOCK_INFO, run.locations?.DEADLOCK);
    for (const info of run.result.propertyInfo ?? []) addRule(info, run.locations?.[info.id]);
    const r = run.result;
    for (const v of r.violations) results.push(sarifResult(run, v, index.get(v.id) ?? addRule({ id: v.id, title: v.title, description: '' }, undefined)));
    if (r.verdict === 'incomplete') {
      notifications.push({ level: 'warning', message: { text: `${configurationName(run)}: incomplete, the search stopped at ${stopReason(r.incomplete!).where}; no violation in what was explored` } });
    }
    if (r.verdict === 'error') notifications.push({ level: 'error', message: { text: `${configurationName(run)}: model error (${r.error!.code}): ${r.error!.message}` } });
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lucheck',
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules,
          },
        },
        ...(options.srcRoot ? { originalUriBaseIds: { SRCROOT: { uri: options.srcRoot } } } : {}),
        invocations: [{ executionSuccessful: runs.every((r) => r.result.verdict !== 'error'), toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
