import { loopLine, violationHeadline } from './violationText.ts';
import type { TraceStep, Violation } from '../CheckResult.ts';
import { formatEvent } from './formatEvent.ts';
import { parseChange } from './changeTable.ts';

export interface SequenceDiagramOptions {
  /**
   * Draw at most this many steps (default 200): Mermaid refuses diagrams past 50,000
   * characters. Longer traces keep their last steps, the ones that lead to the violation, and
   * a note says which were left out.
   */
  readonly maxSteps?: number;
}

/** Characters Mermaid takes literally in message, note and participant text. */
const SAFE = /[A-Za-z0-9 _.,()=+\-/'"*?!@$^~[\]{}|:]/;

/**
 * Text made safe for a Mermaid message, note or participant alias: every ASCII character
 * outside a small safe set (`;` ends a statement, `#` starts an entity, `%%` a comment, `<`
 * opens HTML…) becomes a numeric entity `#59;`, which Mermaid shows as the character itself;
 * line breaks and other control characters become spaces. Non-ASCII text (`→`, `…`) is kept. Pure.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0x80 && code < 0xa0)) out += ' ';
    else if (code >= 0xa0 || SAFE.test(ch)) out += ch;
    else out += `#${code};`;
  }
  return out.trim();
}

/**
 * The value a syscall returned in `step`, read from the `ret.<key>` change the model records
 * (`ret.old: (none)→"IOMMU_IOAS_MAP_FILE(m0) = 0"`): the change whose key is the actor or the
 * event's region prefix (`old` of `old.MAP`), else the only `ret.*` change of the step.
 * Undefined when there is none, so a syscall that returns the same text as the actor's
 * previous one (no change) is drawn as a plain step. Pure.
 */
export function syscallReturn(step: TraceStep): string | undefined {
  const rets = step.changes.map(parseChange).filter((c) => c.path.startsWith('ret.') && c.after !== '(none)' && c.after !== '');
  const prefix = step.event?.type.split('.')[0];
  const ret = rets.find((c) => c.path === `ret.${step.actor}` || c.path === `ret.${prefix}`) ?? (rets.length === 1 ? rets[0] : undefined);
  if (!ret) return undefined;
  try {
    const value: unknown = JSON.parse(ret.after);
    return typeof value === 'string' ? value : ret.after;
  } catch {
    return ret.after.replace(/^"/, '');
  }
}

/** A kernel-style failure (`= -EINVAL`, an oops) is drawn with a cross at the arrow's end. */
export function isFailure(ret: string): boolean {
  return /=\s*-[A-Z0-9]|\boops\b/i.test(ret);
}

/**
 * The interleaving of a counterexample as Mermaid `sequenceDiagram` text: one participant per
 * actor in order of first appearance, then `kernel` when a step returned a syscall result
 * (`actor ->> kernel: N: EVENT`, `kernel -->> actor: RESULT`); other steps are messages from
 * the actor to itself. Every message carries its step number; a note over all participants
 * after the last step names the violated invariant (or the deadlock) and its message. A lasso's
 * cycle is a `loop` block (or, when it stutters, a note saying so). Pure.
 */
export function sequenceDiagram(violation: Violation, options: SequenceDiagramOptions = {}): string {
  const maxSteps = options.maxSteps ?? 200;
  const steps = violation.trace.filter((t) => t.step > 0 && t.event !== null);
  const shown = steps.slice(Math.max(0, steps.length - maxSteps));
  const ids = new Map<string, string>();
  const idOf = (actor: string | null) => ids.get(actor ?? '(system)')!;
  for (const t of shown) {
    const name = t.actor ?? '(system)';
    if (!ids.has(name)) ids.set(name, `a${ids.size + 1}`);
  }
  const returns = shown.map(syscallReturn);
  const order = [...ids.values(), ...(returns.some((r) => r !== undefined) ? ['kernel'] : [])];
  if (order.length === 0) order.push('a0');
  const lines = ['sequenceDiagram'];
  for (const [name, id] of ids) lines.push(`  participant ${id} as ${mermaidText(name)}`);
  if (order.includes('kernel')) lines.push('  participant kernel as kernel');
  if (ids.size === 0) lines.push('  participant a0 as initial state');
  const all = order.length > 1 ? `${order[0]},${order.at(-1)}` : order[0]!;
  if (shown.length < steps.length) lines.push(`  Note over ${all}: steps 1 to ${steps.length - shown.length} left out (${steps.length} in all)`);
  const loop = violation.loop;
  shown.forEach((t, i) => {
    if (loop && !loop.stutter && t.step === loop.start + 1) lines.push(`  loop ${mermaidText(`for ever: back to the state of step ${loop.start}`)}`);
    const id = idOf(t.actor);
    const ret = returns[i];
    const message = mermaidText(`${t.step}: ${formatEvent(t.event)}`);
    if (ret === undefined) {
      lines.push(`  ${id}->>${id}: ${message}`);
    } else {
      lines.push(`  ${id}->>kernel: ${message}`);
      lines.push(`  kernel${isFailure(ret) ? '--x' : '-->>'}${id}: ${mermaidText(ret) || '(returned)'}`);
    }
  });
  if (loop && !loop.stutter && shown.some((t) => t.step > loop.start)) lines.push('  end');
  if (loop?.stutter) lines.push(`  Note over ${all}: ${mermaidText(loopLine(violation)!)}`);
  const headline = violation.kind === 'deadlock' ? 'DEADLOCK' : violationHeadline(violation);
  lines.push(`  Note over ${all}: ${mermaidText(headline)}<br/>${mermaidText(violation.message)}`);
  return lines.join('\n') + '\n';
}
