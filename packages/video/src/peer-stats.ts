/**
 * Link quality from `RTCPeerConnection.getStats()`: the counters in a stats report are totals
 * since the connection started, so rates and loss come from the difference between two
 * samples. Pure functions, so they are tested without a browser.
 */
import type { PeerStats } from './transport.js';

/** The totals a later sample is compared with. */
export interface StatsSample {
  /** ms since the epoch when the sample was taken (or when the connection came up, for the baseline). */
  at: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
}

/** A report as getStats() resolves it: a map-like of stats objects keyed by id. */
export type StatsReportLike = { forEach(cb: (stat: Record<string, unknown>) => void): void };

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Sums the inbound RTP totals in a report and reads the selected candidate pair's RTT. */
export function readStatsReport(report: StatsReportLike, now: number): { sample: StatsSample; rttMs: number | null; availableKbps: number | null } {
  const sample: StatsSample = { at: now, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 };
  const pairs = new Map<string, Record<string, unknown>>();
  let selectedPairId: string | undefined;
  let remoteRtt: number | null = null;
  report.forEach((s) => {
    if (s.type === 'inbound-rtp') {
      sample.bytesReceived += num(s.bytesReceived);
      sample.packetsReceived += num(s.packetsReceived);
      sample.packetsLost += Math.max(0, num(s.packetsLost));
    } else if (s.type === 'candidate-pair') {
      pairs.set(String(s.id), s);
    } else if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      selectedPairId = s.selectedCandidatePairId;
    } else if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') {
      remoteRtt = s.roundTripTime * 1000;
    }
  });
  const selected =
    (selectedPairId && pairs.get(selectedPairId)) ||
    [...pairs.values()].find((p) => p.state === 'succeeded' && p.nominated) ||
    [...pairs.values()].find((p) => p.state === 'succeeded');
  const pairRtt = selected && typeof selected.currentRoundTripTime === 'number' ? selected.currentRoundTripTime * 1000 : null;
  const available = selected && typeof selected.availableOutgoingBitrate === 'number' ? Math.round(selected.availableOutgoingBitrate / 100) / 10 : null;
  return { sample, rttMs: pairRtt ?? remoteRtt, availableKbps: available };
}

/** Quality over the interval between `previous` and `current` (zero rates for an empty interval). */
export function statsBetween(previous: StatsSample, current: StatsSample, rttMs: number | null, availableKbps: number | null = null): PeerStats {
  const seconds = (current.at - previous.at) / 1000;
  const bytes = Math.max(0, current.bytesReceived - previous.bytesReceived);
  const received = Math.max(0, current.packetsReceived - previous.packetsReceived);
  const lost = Math.max(0, current.packetsLost - previous.packetsLost);
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    rttMs: rttMs === null ? null : round(rttMs, 1),
    lossPct: received + lost > 0 ? round((lost / (received + lost)) * 100, 2) : 0,
    bitrateKbps: seconds > 0 ? round((bytes * 8) / 1000 / seconds, 1) : 0,
    availableKbps,
  };
}
