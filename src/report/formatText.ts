import type { CheckResult, TraceStep, Violation } from '../CheckResult.ts';
import { counterexampleText, fairnessPhrase, loopLine, violationHeadline } from './violationText.ts';
import type { ParamValues } from '../model/params.ts';
import { formatCount, formatDuration, formatMiB } from './formatNumber.ts';
import { stopReason } from './stopReason.ts';
import { formatEvent } from './formatEvent.ts';
import { formatCoverage } from './formatCoverage.ts';
import { environmentText, notRunText } from './environmentText.ts';
import { shrinkText, walksText } from './simulationText.ts';


export function formatParams(params: ParamValues): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? (v.length ? v.join(',') : 'none') : String(v)}`)
    .join(' ');
}

/**
 * The trace as an aligned table: step, actor, event, then the states and context changes. For
 * a lasso (`violation.loop`), a line after the stem says where the cycle runs, and the steps of
 * the cycle are marked `|`.
 */
export function formatTrace(trace: readonly TraceStep[], violation?: Violation): string {
  const rows = trace.map((t) => [String(t.step), t.actor ?? '', t.step === 0 ? '(initial)' : formatEvent(t.event), t.summary]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const loop = violation?.loop;
  const mark = (i: number) => (loop === undefined ? '  ' : i > loop.start ? '| ' : '  ');
  const lines = rows.map((r, i) => `${mark(i)}${r[0]!.padStart(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`);
  if (loop) lines.splice(loop.start + 1, 0, `  ${' '.repeat(widths[0]!)}  -- ${loopLine(violation!)} --`);
  return lines.join('\n');
}

/**
 * Human-readable report of one check, as printed by `lucheck check`. `command` is the command
 * line that reproduces the run; `modelName` names the model as the user gave it. Pure.
 */
export function formatText(result: CheckResult, command: string, modelName: string = result.model): string {
  const s = result.stats;
  const lines: string[] = [];
  const params = formatParams(result.params);
  lines.push(`lucheck ${result.simulation ? 'simulate' : result.distributed ? 'distributed' : 'check'} ${modelName}${params ? `  (${params})` : ''}`);
  const explored = result.simulation ? walksText(result) : `${formatCount(s.distinct)} distinct states (${formatCount(s.generated)} generated, depth ${s.maxDepth}) in ${formatDuration(s.elapsedMs)}`;
  const rate = s.elapsedMs > 0 && !result.simulation ? `, ${formatCount((s.distinct / s.elapsedMs) * 1000)} states/s` : '';
  const n = result.invariants.length;
  switch (result.verdict) {
    case 'pass': {
      const m = result.properties?.length ?? 0;
      const properties = m === 0 ? '' : `, ${m === 1 ? '1 property holds' : `all ${m} properties hold`} ${fairnessPhrase(result)},`;
      lines.push(`pass: ${n === 0 ? (m > 0 ? 'no invariants selected;' : 'no invariants declared;') : n === 1 ? '1 invariant holds and' : `all ${n} invariants hold and`} no deadlock${properties} over ${explored}${rate}`);
      break;
    }
    case 'incomplete': {
      const stop = stopReason(result.incomplete!);
      if (result.simulation) {
        lines.push(`incomplete: no walk violated an invariant or deadlocked, stopped at ${stop.where}; ${explored}; a simulation never shows that nothing fails: lucheck check explores every state`);
        break;
      }
      lines.push(`incomplete: the search stopped at ${stop.where} after ${explored}; no violation in what was explored; ${stop.further}`);
      break;
    }
    case 'error':
      lines.push(`model error (${result.error!.code}): ${result.error!.message}`);
      break;
    case 'liveness': {
      const failed = result.violations.map((v) => v.id);
      const held = (result.properties ?? []).filter((id) => !failed.includes(id));
      lines.push(`liveness: ${failed.join(', ')} ${failed.length === 1 ? 'fails' : 'fail'} ${fairnessPhrase(result)}${held.length > 0 ? `; ${held.join(', ')} ${held.length === 1 ? 'holds' : 'hold'}` : ''}; ${n === 0 ? 'no invariant selected' : 'every invariant holds'} and no deadlock`);
      for (const v of result.violations) {
        lines.push(`${violationHeadline(v)}: ${v.message}`);
        lines.push(`${counterexampleText(v, result.strategy)}:`);
        lines.push(formatTrace(v.trace, v));
      }
      lines.push(`explored ${explored}${rate}`);
      lines.push(`reproduce: ${command} --format json --out trace.json; lucheck replay trace.json`);
      break;
    }
    default: {
      const v = result.violations[0]!;
      const what = v.kind === 'deadlock' ? 'deadlock' : `violation of ${v.id}${v.title ? ` (${v.title})` : ''}`;
      lines.push(`${what}: ${v.message}`);
      lines.push(`${counterexampleText(v, result.strategy)}:`);
      lines.push(formatTrace(v.trace));
      const shrunk = shrinkText(result);
      if (shrunk) lines.push(shrunk);
      lines.push(`${result.simulation ? '' : 'explored '}${explored}${rate}`);
      lines.push(`reproduce: ${command} --format json --out trace.json; lucheck replay trace.json`);
    }
  }
  const unchecked = result.verdict === 'violation' || result.verdict === 'deadlock' || result.verdict === 'incomplete' ? (result.properties ?? []) : [];
  const why = result.simulation ? 'random walks check invariants and deadlock; lucheck check checks them' : 'they are checked once the whole search has found every invariant to hold and no deadlock';
  if (unchecked.length > 0) lines.push(`properties not checked: ${unchecked.join(', ')} (${why})`);
  if (result.verdict !== 'error') {
    // Per-state figures mean something only once the fixed first allocation is amortized.
    const perState = s.distinct >= 100_000 ? `, ${(s.storeBytes / s.distinct).toFixed(1)} bytes/state` : '';
    lines.push(`visited set: ${formatMiB(s.storeBytes)}${perState}; fingerprint collision probability ${s.collisionProbability.toExponential(1)} (optimistic)`);
    if (s.spilledBytes) lines.push(`frontier: ${formatMiB(s.spilledBytes)} spilled to disk (beyond a quarter of --memory)`);
    lines.push(`engine: ${result.engine}${result.engineNote ? ` (${result.engineNote})` : ''}`);
    const environment = environmentText(result);
    if (environment) lines.push(`environment: ${environment}`);
    const notRun = notRunText(result);
    if (notRun) lines.push(`actions not run: ${notRun}`);
    const reductions = [...(result.symmetry ? ['up to the model\'s symmetry'] : []), ...(result.dropAuxiliary ? ['without its auxiliary fields'] : [])];
    if (reductions.length > 0) lines.push(`states identified ${reductions.join(' and ')}`);
    if (result.auxiliaryAudit) {
      const what = result.auxiliaryAudit.guardsAndActions
        ? 'read by no guard, invariant, events() or isFinal(), and no action sets other values without them'
        : 'read by no invariant, events() or isFinal(); guards and actions, run inside xstate by the reference engine, were not audited';
      lines.push(`auxiliary fields audited (--check-determinism): ${what}`);
    }
    if (result.workers !== undefined && !result.simulation) {
      const found = result.verdict === 'violation' || result.verdict === 'deadlock';
      const live = result.properties?.length && (result.verdict === 'pass' || result.verdict === 'liveness') ? '; the properties were checked on one thread after it' : '';
      lines.push(`workers: ${result.workers} (level-synchronous breadth-first search${found ? '; the counterexample is shortest' : ''}${live}; coverage is not collected)`);
    }
    if (result.distributed !== undefined) {
      const d = result.distributed;
      lines.push(`distributed: run ${d.run}, ${d.partitions} partitions, ${d.workers} processes committed levels (invariants and deadlock; the temporal properties are lucheck check's; coverage is not collected)`);
    }
    if (result.coverage) lines.push(...formatCoverage(result.coverage, result.simulation ? 'over the walks' : undefined));
  }
  return lines.join('\n') + '\n';
}
