/**
 * A notification provider for the demo and tests: "the patient's phone". It keeps what it was
 * asked to send (each message id once, as a real provider would), renders the template's text,
 * and can be told to be down.
 */
import { AdapterError } from '../errors.js';
import { NOTIFICATION_TEXT, type NotificationAdapter, type NotificationMessage } from '../notification.js';

export interface SandboxMessage extends NotificationMessage {
  /** The text the person reads. */
  text: string;
  at: Date;
}

export interface SandboxNotifications extends NotificationAdapter {
  readonly name: 'sandbox';
  /** What was sent, oldest first (a repeated id does not add one). */
  readonly sent: readonly SandboxMessage[];
  /** While true, every send fails as if the provider were unreachable. */
  down: boolean;
  /** The messages sent to a patient's phone, newest first. */
  inbox(patientId: string): SandboxMessage[];
}

export function createSandboxNotifications(options: { now?: () => Date } = {}): SandboxNotifications {
  const now = options.now ?? (() => new Date());
  const sent: SandboxMessage[] = [];
  return {
    name: 'sandbox',
    sent,
    down: false,
    async send(message) {
      if (this.down) throw new Error('sandbox notification provider is down');
      const earlier = sent.find((m) => m.id === message.id);
      if (earlier) return { ref: `sbx_${earlier.id}` };
      if (!message.phone) throw new AdapterError('PHONE_NOT_ON_FILE', 'the sandbox sends SMS only');
      sent.push({ ...message, params: { ...message.params }, text: NOTIFICATION_TEXT[message.template](message.params), at: now() });
      return { ref: `sbx_${message.id}` };
    },
    inbox(patientId) {
      return sent.filter((m) => m.patientId === patientId).reverse();
    },
  };
}
