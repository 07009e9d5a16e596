/**
 * A supervision platform for the demo and tests: it keeps what it received, acknowledges each
 * report id once (a repeat gets the same ack), and can be told to be down.
 */
import type { RegulatorAdapter, RegulatorReport } from '../regulator.js';

export interface SandboxRegulator extends RegulatorAdapter {
  /** Reports received, by report id (a repeat does not add one). */
  readonly received: ReadonlyMap<string, RegulatorReport>;
  /** While true, every submit fails as if the platform were unreachable. */
  down: boolean;
}

export function createSandboxRegulator(): SandboxRegulator {
  const received = new Map<string, RegulatorReport>();
  return {
    name: 'sandbox',
    received,
    down: false,
    async submit(report) {
      if (this.down) throw new Error('sandbox supervision platform is down');
      if (!received.has(report.reportId)) received.set(report.reportId, report);
      return { ackId: `ack_${report.reportId}` };
    },
  };
}
