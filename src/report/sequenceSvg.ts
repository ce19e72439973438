// The interleaving of a counterexample drawn as an SVG sequence diagram, with no browser and no
// Mermaid: the same picture as `sequenceDiagram`'s Mermaid text, laid out here so it can be
// inlined in a page, opened on its own, or shown in a README.
import type { TraceStep, Violation } from '../CheckResult.ts';
import { formatEvent } from './formatEvent.ts';
import { isFailure, syscallReturn } from './sequenceDiagram.ts';
import { xmlAttr, xmlText } from './xmlText.ts';
import { loopLine, violationHeadline } from './violationText.ts';

export interface SequenceSvgOptions {
  /** Draw at most this many steps (default 200); longer traces keep their last steps, and a note says which were left out. */
  readonly maxSteps?: number;
}

const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace";
const SANS = 'Helvetica, Arial, sans-serif';
/** Message text is monospace, so its width is known without a browser: 12px at about 0.6em a character. */
const CHAR = 7.3;
const PAD = 16;
const BOX_H = 30;
const NOTE_MIN = 420;
const COLOURS = { line: '#37474f', text: '#111', actor: '#e3f2fd', kernel: '#eceff1', fail: '#c62828', note: '#fff3e0', noteLine: '#e65100', cycle: '#f3e5f5', cycleLine: '#6a1b9a' } as const;

/** Width of `text` in the message font; characters outside Latin and symbols count double. */
function textWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0)! >= 0x1100 ? 2 : 1;
  return n * CHAR;
}

/** `text` cut into lines of at most `chars` characters, at spaces where it can. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let w = word; w.length > 0; ) {
      const room = line ? chars - line.length - 1 : chars;
      if (w.length <= room) {
        line = line ? `${line} ${w}` : w;
        w = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(w.slice(0, chars));
        w = w.slice(chars);
      }
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

interface Row {
  readonly step: TraceStep;
  readonly from: number;
  readonly label: string;
  readonly ret?: string;
}

function text(x: number, y: number, body: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs}>${xmlText(body)}</text>`;
}

function arrow(x1: number, x2: number, y: number, colour: string, dashed: boolean): string {
  const dir = x2 > x1 ? 1 : -1;
  const tip = x2 - dir;
  return (
    `<line x1="${x1.toFixed(1)}" y1="${y}" x2="${(tip - dir * 8).toFixed(1)}" y2="${y}" stroke="${colour}" stroke-width="1.4"${dashed ? ' stroke-dasharray="5 4"' : ''}/>` +
    `<polygon points="${tip.toFixed(1)},${y} ${(tip - dir * 9).toFixed(1)},${y - 4} ${(tip - dir * 9).toFixed(1)},${y + 4}" fill="${colour}"/>`
  );
}

/**
 * The counterexample of `violation` as an SVG element (`<svg>…</svg>`, no XML declaration): a
 * box and a lifeline per actor in order of first appearance, then `kernel` when some step
 * returned a syscall result; per step one group `<g class="message" data-step="N">` holding the
 * arrow `N: EVENT` (to the kernel, or a loop on the actor) and the returned value dashed back
 * (red, ending in a cross, for an error or an oops); a note under the last step names the
 * violated invariant and its message; a lasso's cycle is a purple band `<g class="cycle">` behind
 * its steps. Sizes come from the text (monospace), so nothing is cut.
 * Every text is XML-escaped. Pure and deterministic.
 */
export function sequenceSvg(violation: Violation, options: SequenceSvgOptions = {}): string {
  const maxSteps = options.maxSteps ?? 200;
  const all = violation.trace.filter((t) => t.step > 0 && t.event !== null);
  const shown = all.slice(Math.max(0, all.length - maxSteps));
  const names: string[] = [];
  for (const t of shown) if (!names.includes(t.actor ?? '(system)')) names.push(t.actor ?? '(system)');
  const rows: Row[] = shown.map((t) => {
    const ret = syscallReturn(t);
    return { step: t, from: names.indexOf(t.actor ?? '(system)'), label: `${t.step}: ${formatEvent(t.event)}`, ...(ret === undefined ? {} : { ret: ret || '(returned)' }) };
  });
  const kernel = rows.some((r) => r.ret !== undefined) ? names.length : -1;
  const columns = kernel >= 0 ? [...names, 'kernel'] : names.length ? names : ['initial state'];
  const boxW = columns.map((c) => Math.max(90, c.length * 8 + 24));

  // Lifeline positions: far enough apart for the boxes, and for every label between two of them.
  const x: number[] = [];
  const spans: { i: number; j: number; w: number }[] = [];
  for (const r of rows) {
    if (r.ret === undefined) spans.push({ i: r.from, j: r.from + 1, w: textWidth(r.label) + 28 });
    else spans.push({ i: r.from, j: kernel, w: Math.max(textWidth(r.label), textWidth(r.ret)) + 28 });
  }
  columns.forEach((_, j) => {
    if (j === 0) {
      x.push(PAD + boxW[0]! / 2);
      return;
    }
    let at = x[j - 1]! + (boxW[j - 1]! + boxW[j]!) / 2 + 24;
    for (const s of spans) if (s.j === j) at = Math.max(at, x[s.i]! + s.w);
    x.push(at);
  });
  const loopRoom = Math.max(0, ...spans.filter((s) => s.j === columns.length).map((s) => s.w));
  let width = Math.max(x.at(-1)! + boxW.at(-1)! / 2, x.at(-1)! + loopRoom) + PAD;

  // The violation note spans the whole picture, at least NOTE_MIN wide.
  const headline = violation.kind === 'deadlock' ? 'DEADLOCK' : violationHeadline(violation);
  width = Math.max(width, NOTE_MIN + 2 * PAD);
  const noteLeft = PAD;
  const noteW = width - 2 * PAD;
  const noteLines = [headline, ...wrap(violation.message, Math.floor((noteW - 20) / CHAR)), ...(violation.loop?.stutter ? wrap(loopLine(violation)!, Math.floor((noteW - 20) / CHAR)) : [])];

  const parts: string[] = [];
  let y = PAD + BOX_H + 26;
  if (shown.length < all.length) {
    parts.push(text(width / 2, y, `steps 1 to ${all.length - shown.length} left out (${all.length} in all)`, ` text-anchor="middle" font-style="italic" fill="${COLOURS.line}"`));
    y += 24;
  }
  // a lasso's cycle: a band behind its rows, labelled, put in place once its last row is drawn
  const loop = violation.loop && !violation.loop.stutter ? violation.loop : undefined;
  let cycleTop: number | undefined;
  let cycleAt = 0;
  for (const r of rows) {
    if (loop && cycleTop === undefined && r.step.step > loop.start) {
      y += 18;
      cycleTop = y - 34;
      cycleAt = parts.length;
    }
    const x1 = x[r.from]!;
    const group: string[] = [];
    if (r.ret === undefined) {
      group.push(`<path d="M${x1.toFixed(1)},${y} h34 v16 h-26" fill="none" stroke="${COLOURS.line}" stroke-width="1.4"/>`);
      group.push(`<polygon points="${(x1 + 1).toFixed(1)},${y + 16} ${(x1 + 10).toFixed(1)},${y + 12} ${(x1 + 10).toFixed(1)},${y + 20}" fill="${COLOURS.line}"/>`);
      group.push(text(x1 + 40, y + 4, r.label, ' class="label"'));
      y += 44;
    } else {
      const xk = x[kernel]!;
      const fail = isFailure(r.ret);
      group.push(arrow(x1, xk, y, COLOURS.line, false), text((x1 + xk) / 2, y - 6, r.label, ' class="label" text-anchor="middle"'));
      const yr = y + 24;
      const colour = fail ? COLOURS.fail : COLOURS.line;
      group.push(arrow(xk, x1, yr, colour, true), text((x1 + xk) / 2, yr - 6, r.ret, ` class="return" text-anchor="middle" fill="${colour}"`));
      if (fail) group.push(`<path d="M${(x1 + 4).toFixed(1)},${yr - 6} l12,12 M${(x1 + 4).toFixed(1)},${yr + 6} l12,-12" stroke="${COLOURS.fail}" stroke-width="2"/>`);
      y += 54;
    }
    parts.push(`<g class="message" data-step="${r.step.step}"><title>${xmlText(`step ${r.step.step}: ${r.step.actor ?? '(system)'} ${formatEvent(r.step.event)}`)}</title>${group.join('')}</g>`);
  }
  if (cycleTop !== undefined) {
    const label = `↻ ${loopLine(violation)}`;
    width = Math.max(width, textWidth(label) + 3 * PAD);
    parts.splice(
      cycleAt,
      0,
      `<g class="cycle"><rect x="${(PAD / 2).toFixed(1)}" y="${cycleTop}" width="${(width - PAD).toFixed(1)}" height="${y - cycleTop - 12}" rx="6" fill="${COLOURS.cycle}" stroke="${COLOURS.cycleLine}" stroke-dasharray="6 4"/>` +
        text(PAD, cycleTop + 15, label, ` fill="${COLOURS.cycleLine}" font-weight="bold"`) +
        '</g>',
    );
  }
  const noteH = noteLines.length * 17 + 14;
  parts.push(
    `<g class="note"><rect x="${noteLeft.toFixed(1)}" y="${y - 10}" width="${noteW.toFixed(1)}" height="${noteH}" rx="4" fill="${COLOURS.note}" stroke="${COLOURS.noteLine}"/>` +
      noteLines.map((l, i) => text(noteLeft + 10, y + 8 + i * 17, l, i === 0 ? ' font-weight="bold"' : '')).join('') +
      '</g>',
  );
  y += noteH + 8;
  const bottom = y;
  const height = bottom + BOX_H + PAD;

  const heads: string[] = [];
  columns.forEach((name, i) => {
    const fill = i === kernel ? COLOURS.kernel : COLOURS.actor;
    const cx = x[i]!;
    heads.push(`<line class="lifeline" x1="${cx.toFixed(1)}" y1="${PAD + BOX_H}" x2="${cx.toFixed(1)}" y2="${bottom}" stroke="#90a4ae" stroke-width="1" stroke-dasharray="2 3"/>`);
    for (const top of [PAD, bottom]) {
      heads.push(
        `<g class="participant"><rect x="${(cx - boxW[i]! / 2).toFixed(1)}" y="${top}" width="${boxW[i]}" height="${BOX_H}" rx="4" fill="${fill}" stroke="${COLOURS.line}"/>` +
          text(cx, top + 20, name, ` text-anchor="middle" font-family="${xmlAttr(SANS)}" font-weight="bold" font-size="13"`) +
          '</g>',
      );
    }
  });
  const w = Math.ceil(width);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" font-family="${xmlAttr(MONO)}" font-size="12" fill="${COLOURS.text}">` +
    `<title>${xmlText(`counterexample to ${headline}: ${shown.length} step${shown.length === 1 ? '' : 's'}`)}</title>` +
    `<rect width="100%" height="100%" fill="white"/>${heads.join('')}${parts.join('')}</svg>`
  );
}
