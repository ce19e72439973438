// The coverage section of the HTML report: which declared transitions fired, which never did,
// and which state nodes were never active.
import type { Coverage } from '../coverage/Coverage.ts';
import { formatCount } from './formatNumber.ts';
import { xmlText as text } from './xmlText.ts';

function list(items: readonly string[], empty: string): string {
  if (items.length === 0) return `<p>${text(empty)}</p>`;
  return `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

/**
 * The coverage of a run as an HTML section: a one-line summary, the transitions that never
 * fired and the state nodes never active (the likely modelling bugs, listed first), then every
 * transition and every event type with how often it fired and how many new states it produced.
 * When the search stopped early, says that the figures cover only what was explored. Pure.
 */
export function coverageSection(coverage: Coverage): string {
  const never = coverage.transitions.filter((t) => t.fired === 0);
  const fired = coverage.transitions.length - never.length;
  const reached = coverage.stateCount - coverage.unreachedStates.length;
  const caveat = coverage.complete ? '' : ' The search stopped early (at the violation or a bound), so these figures cover only what it explored until then.';
  const rows = coverage.transitions.map(
    (t) =>
      `<tr${t.fired === 0 ? ' class="unfired"' : ''}><td><code>${text(t.source)}</code></td><td><code>${text(t.label)}</code></td>` +
      `<td class="num">${formatCount(t.fired)}</td><td class="num">${formatCount(t.newStates)}</td></tr>`,
  );
  const events = coverage.events.map((e) => `<tr><td><code>${text(e.type)}</code></td><td class="num">${formatCount(e.fired)}</td><td class="num">${formatCount(e.newStates)}</td></tr>`);
  return [
    '<section class="coverage" id="coverage">',
    '<h2>Coverage</h2>',
    `<p>${formatCount(fired)} of ${formatCount(coverage.transitions.length)} declared transitions fired; ${formatCount(reached)} of ${formatCount(coverage.stateCount)} state nodes were active in some explored state.${text(caveat)}</p>`,
    `<h3>Transitions that never fired (${never.length})</h3>`,
    list(
      never.map((t) => `<code>${text(t.label)}</code> from <code>${text(t.source)}</code>`),
      'Every declared transition fired.',
    ),
    `<h3>State nodes never active (${coverage.unreachedStates.length})</h3>`,
    list(
      coverage.unreachedStates.map((id) => `<code>${text(id)}</code>`),
      'Every state node was active in some explored state.',
    ),
    `<details><summary>Every transition (${coverage.transitions.length})</summary><table class="data"><thead><tr><th>declared by</th><th>transition</th><th>fired</th><th>new states</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`,
    `<details><summary>Every event type (${coverage.events.length})</summary><table class="data"><thead><tr><th>event</th><th>fired</th><th>new states</th></tr></thead><tbody>${events.join('')}</tbody></table></details>`,
    '</section>',
  ].join('\n');
}
