import type { PeerStats } from '@ihkit/video';

/** The network indicator: how the link to the other participants feels. */
export type NetworkQuality = 'good' | 'fair' | 'poor';

/** Good under 150 ms round trip and 1 % loss; poor over 400 ms or 5 %; fair in between. */
export function networkQuality(stats: Pick<PeerStats, 'rttMs' | 'lossPct'>): NetworkQuality {
  const rtt = stats.rttMs ?? 0;
  if (rtt > 400 || stats.lossPct > 5) return 'poor';
  if (rtt > 150 || stats.lossPct > 1) return 'fair';
  return 'good';
}

/** The worst of several links (a call is as good as its worst participant). */
export function worstQuality(qualities: Iterable<NetworkQuality>): NetworkQuality | undefined {
  const order: NetworkQuality[] = ['good', 'fair', 'poor'];
  let worst: NetworkQuality | undefined;
  for (const q of qualities) if (!worst || order.indexOf(q) > order.indexOf(worst)) worst = q;
  return worst;
}
