import type { EventObject } from 'xstate';

/** `{ type: 'MAP', iova: 0 }` → `MAP(iova=0)`; plain `MAP` when there is no payload. */
export function formatEvent(event: EventObject | null): string {
  if (!event) return '';
  const { type, ...payload } = event;
  const keys = Object.keys(payload).sort();
  if (keys.length === 0) return type;
  return `${type}(${keys.map((k) => `${k}=${JSON.stringify((payload as Record<string, unknown>)[k])}`).join(', ')})`;
}
