/** Link quality from getStats() reports: what is summed, where RTT comes from, rates from deltas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readStatsReport, statsBetween } from '../src/peer-stats.js';

const report = (stats: Array<Record<string, unknown>>) => new Map(stats.map((s) => [String(s.id), s]));

test('a report: inbound RTP summed over audio and video, RTT from the selected candidate pair', () => {
  const { sample, rttMs, availableKbps } = readStatsReport(
    report([
      { id: 'in-v', type: 'inbound-rtp', kind: 'video', bytesReceived: 100_000, packetsReceived: 90, packetsLost: 10 },
      { id: 'in-a', type: 'inbound-rtp', kind: 'audio', bytesReceived: 20_000, packetsReceived: 100, packetsLost: 0 },
      { id: 'out', type: 'outbound-rtp', bytesSent: 999_999 },
      { id: 'cp1', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.5 },
      { id: 'cp2', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.012, availableOutgoingBitrate: 1_234_567 },
      { id: 't', type: 'transport', selectedCandidatePairId: 'cp2' },
    ]),
    5000,
  );
  assert.deepEqual(sample, { at: 5000, bytesReceived: 120_000, packetsReceived: 190, packetsLost: 10 });
  assert.equal(rttMs, 12);
  assert.equal(availableKbps, 1234.6, "the selected pair's send-bandwidth estimate, in kbit/s");
  assert.equal(readStatsReport(report([]), 0).availableKbps, null);
});

test('RTT falls back to a succeeded pair, then to remote-inbound-rtp, then null', () => {
  assert.equal(readStatsReport(report([{ id: 'cp', type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.03 }]), 0).rttMs, 30);
  assert.equal(readStatsReport(report([{ id: 'r', type: 'remote-inbound-rtp', roundTripTime: 0.04 }]), 0).rttMs, 40);
  assert.equal(readStatsReport(report([]), 0).rttMs, null);
});

test('rates and loss come from the difference between two samples', () => {
  const a = { at: 1000, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 };
  const b = { at: 3000, bytesReceived: 250_000, packetsReceived: 190, packetsLost: 10 };
  assert.deepEqual(statsBetween(a, b, 12.34), { rttMs: 12.3, lossPct: 5, bitrateKbps: 1000, availableKbps: null });
  const c = { at: 4000, bytesReceived: 250_000, packetsReceived: 190, packetsLost: 10 };
  assert.deepEqual(statsBetween(b, c, null, 300), { rttMs: null, lossPct: 0, bitrateKbps: 0, availableKbps: 300 }, 'nothing new: no loss, no rate');
  assert.deepEqual(statsBetween(c, c, null), { rttMs: null, lossPct: 0, bitrateKbps: 0, availableKbps: null }, 'an empty interval');
});
