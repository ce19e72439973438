// Helpers shared by the corpus models (not part of any upstream machine).

/** The ids of the state nodes a snapshot's history value records, by history owner. */
export function historyIds(snapshot: { historyValue?: unknown }): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const value = (snapshot.historyValue ?? {}) as Record<string, readonly { id: string }[]>;
  for (const [owner, nodes] of Object.entries(value)) out[owner] = nodes.map((n) => n.id);
  return out;
}
