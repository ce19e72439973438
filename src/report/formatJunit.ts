import type { CheckResult, Violation } from '../CheckResult.ts';
import { counterexampleText, fairnessPhrase, violationHeadline } from './violationText.ts';
import { formatCount } from './formatNumber.ts';
import { formatTrace } from './formatText.ts';
import { configurationName, titleOf, type ReportRun } from './ReportRun.ts';
import { xmlAttr, xmlText } from './xmlText.ts';
import { stopReason } from './stopReason.ts';

type Outcome =
  | { kind: 'passed' }
  | { kind: 'failure'; message: string; type: string; body: string }
  | { kind: 'error'; message: string; type: string; body: string }
  | { kind: 'skipped'; message: string };

interface TestCase {
  readonly name: string;
  readonly outcome: Outcome;
}


function failureBody(run: ReportRun, v: Violation): string {
  const r = run.result;
  const what = v.kind === 'invariant' ? `violation of ${v.id}${v.title ? ` (${v.title})` : ''}` : violationHeadline(v);
  const lines = [`${what}${v.kind === 'liveness' ? ` ${fairnessPhrase(r)}` : ''}: ${v.message}`, `${counterexampleText(v, r.strategy)}:`, formatTrace(v.trace, v)];
  if (run.command) lines.push(`reproduce: ${run.command} --format json --out trace.json; lucheck replay trace.json`);
  return lines.join('\n') + '\n';
}

/** Why the testcases a run did not decide are skipped; undefined when the run decided them all. */
function skipReason(r: CheckResult): string | undefined {
  const explored = `${formatCount(r.stats.distinct)} states`;
  switch (r.verdict) {
    case 'pass':
      return undefined;
    case 'incomplete':
      return `not checked to the end: the search stopped at ${stopReason(r.incomplete!).where} after ${explored}, with no violation in what was explored`;
    case 'error':
      return 'not checked: the model raised an error';
    case 'liveness':
      return undefined;
    default:
      return `not checked to the end: the search stopped at the first counterexample (${r.violations[0]!.id}) after ${explored}`;
  }
}

/**
 * The testcases of one run: one per checked invariant, then `DEADLOCK` (lucheck always checks
 * for deadlock), plus a `model` testcase carrying the error when the model raised one. A
 * testcase passes only when the search was exhaustive: when it stopped at a counterexample, a
 * bound or an error, the invariants it did not decide are `skipped`, with the reason, rather
 * than reported as passing.
 */
function testCases(run: ReportRun): TestCase[] {
  const r = run.result;
  const skipped = skipReason(r);
  // every property is decided once the invariants all hold (the liveness check needs the whole graph)
  const propertiesSkipped = r.verdict === 'pass' || r.verdict === 'liveness' ? undefined : (skipped ?? 'not checked');
  const cases = [...r.invariants, 'DEADLOCK', ...(r.properties ?? [])].map((id, i): TestCase => {
    const name = `${id} ${titleOf(r, id)}`.trim();
    const violated = r.violations.find((v) => v.id === id);
    if (violated) return { name, outcome: { kind: 'failure', message: violated.message, type: id, body: failureBody(run, violated) } };
    if (i > r.invariants.length && propertiesSkipped !== undefined) {
      return { name, outcome: { kind: 'skipped', message: r.verdict === 'violation' || r.verdict === 'deadlock' ? `not checked: properties are checked once every invariant holds and there is no deadlock, and the search stopped at ${r.violations[0]!.id}` : propertiesSkipped } };
    }
    return { name, outcome: skipped === undefined ? { kind: 'passed' } : { kind: 'skipped', message: skipped } };
  });
  if (r.verdict === 'error') {
    const e = r.error!;
    cases.push({ name: 'model', outcome: { kind: 'error', message: e.message, type: e.code, body: `model error (${e.code}): ${e.message}\n` } });
  }
  return cases;
}

function testCaseXml(c: TestCase, classname: string): string {
  const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(classname)}"`;
  const o = c.outcome;
  switch (o.kind) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${xmlAttr(o.message)}"/>\n    </testcase>`;
    default:
      return `${open}>\n      <${o.kind} message="${xmlAttr(o.message)}" type="${xmlAttr(o.type)}">${xmlText(o.body)}</${o.kind}>\n    </testcase>`;
  }
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

/** A suite's counts; `<testsuites>` takes no `skipped` (Jenkins xunit's junit-10.xsd), so `withSkipped` is false there. */
function countsAttrs(c: Counts, withSkipped = true): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}"${withSkipped ? ` skipped="${c.skipped}"` : ''} time="${c.time.toFixed(3)}"`;
}

/**
 * JUnit XML for CI test views: a `<testsuites name="lucheck">` with one `<testsuite>` per run
 * (named by its configuration, `model[key=value,...]`) and one `<testcase>` per invariant (then
 * `DEADLOCK`, then each temporal property) and configuration, whose classname is that
 * configuration. A violated invariant's or failing property's `<failure>` holds the text trace
 * (a lasso for a property); undecided ones are `<skipped>` (see `testCases`). Times are in
 * seconds, per suite only: the search checks every invariant at once. Pure.
 */
export function formatJunit(runs: readonly ReportRun[]): string {
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const suites = runs.map((run) => {
    const r = run.result;
    const name = configurationName(run);
    const cases = testCases(run);
    const counts: Counts = {
      tests: cases.length,
      failures: cases.filter((c) => c.outcome.kind === 'failure').length,
      errors: cases.filter((c) => c.outcome.kind === 'error').length,
      skipped: cases.filter((c) => c.outcome.kind === 'skipped').length,
      time: r.stats.elapsedMs / 1000,
    };
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += counts[k];
    const props = { verdict: r.verdict, states: r.stats.distinct, generated: r.stats.generated, depth: r.stats.maxDepth, strategy: r.strategy, engine: r.engine, ...(r.properties ? { fairness: r.fairness?.join(', ') || 'none' } : {}), ...(run.command ? { command: run.command } : {}) };
    return [
      `  <testsuite name="${xmlAttr(name)}" ${countsAttrs(counts)}>`,
      '    <properties>',
      ...Object.entries(props).map(([k, v]) => `      <property name="${xmlAttr(k)}" value="${xmlAttr(String(v))}"/>`),
      '    </properties>',
      ...cases.map((c) => testCaseXml(c, name)),
      '  </testsuite>',
    ].join('\n');
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="lucheck" ${countsAttrs(total, false)}>`, ...suites, '</testsuites>', ''].join('\n');
}
