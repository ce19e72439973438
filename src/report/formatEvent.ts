import type { EventObject } from 'xstate';

/**
 * `{ type: 'MAP', iova: 0 }` → `MAP(iova=0)`; plain `MAP` when there is no payload. An invoked
 * actor's completion or failure leaves out its `actorId`, which its type already names
 * (`xstate.done.actor.ID`).
 */
export function formatEvent(event: EventObject | null): string {
  if (!event) return '';
  const { type, ...payload } = event;
  const p = payload as Record<string, unknown>;
  if (/^xstate\.(done|error)\.actor\./.test(type) && type.endsWith(`.${String(p.actorId)}`)) delete p.actorId;
  const keys = Object.keys(p).sort();
  if (keys.length === 0) return type;
  return `${type}(${keys.map((k) => `${k}=${JSON.stringify(p[k])}`).join(', ')})`;
}
