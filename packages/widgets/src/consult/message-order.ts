import type { ConsultMessage } from '@ihkit/core';

/**
 * A consult's messages in `seq` order, each seq once. A message can reach the page twice (the
 * answer to the POST that sent it, and the live connection); the first copy stays.
 * Returns the same array when nothing new was added.
 */
export function mergeMessages(list: readonly ConsultMessage[], incoming: readonly ConsultMessage[]): readonly ConsultMessage[] {
  const seen = new Set(list.map((m) => m.seq));
  const fresh = incoming.filter((m) => !seen.has(m.seq) && seen.add(m.seq));
  if (fresh.length === 0) return list;
  return [...list, ...fresh].sort((a, b) => a.seq - b.seq);
}
