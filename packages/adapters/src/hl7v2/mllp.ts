/**
 * The MLLP listener that receives ORU^R01 results from a hospital's laboratory (or its
 * interface engine) and stores them in the stored LIS, and a small sender for tests and
 * integrators. One ACK answers each message, in order, on the connection it came on.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { LabReport } from '@ihkit/core';
import type { StoredLis } from '../lab-store/store.js';
import { buildAck, type AckCode } from './ack.js';
import { HL7_ERROR, Hl7Error, isHl7Error } from './errors.js';
import { decodeHl7, parseHl7, type Hl7Message } from './message.js';
import { DEFAULT_MAX_FRAME_BYTES, frameMllp, MllpDecoder, type MllpFrame } from './mllp-frame.js';
import { DEFAULT_HOSPITAL_TIME_ZONE, parseOru } from './oru.js';

/** A pino-style logger (the gateway passes Fastify's). Only control ids, counts and error codes are logged. */
export interface MllpLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What the listener tells `onMessage` about each message it answered. No patient data. */
export interface MllpMessageInfo {
  /** MSH-10 ('' when the header could not be read). */
  controlId: string;
  /** Reports stored from it (0 unless AA). */
  reports: number;
  ack: AckCode;
}

export interface MllpListenerOptions {
  /** TCP port; 0 takes any free one (see the returned port). */
  port: number;
  /** Address to bind; default 127.0.0.1. MLLP itself has no authentication: bind another address only with `allow` and, better, `tls`. */
  host?: string;
  /**
   * The senders taken: addresses and CIDR blocks (`10.20.0.7`, `10.20.0.0/16`, `fd00::/8`).
   * Default: loopback only (127.0.0.0/8 and ::1). A connection from anywhere else is closed at
   * once, before a byte is read, and logged with its address only.
   */
  allow?: readonly string[];
  /**
   * MLLP over TLS: the listener's certificate and key, and `ca`, the authority that signs the
   * laboratory's client certificates. With `ca`, a sender must present a certificate it signed
   * (mutual TLS): that tells the laboratory apart from any other process on an allowed address.
   */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
  /** Where the reports go. */
  lis: Pick<StoredLis, 'save'>;
  /** The hospital's time zone, for date-times sent without an offset; default Asia/Shanghai. */
  timeZone?: string;
  /** PID-3 identifier types to prefer (see parseOru); default PI, then MR. */
  patientIdTypes?: readonly string[];
  /** Largest frame accepted, in bytes; default 1 MiB. Larger ones are answered AR. */
  maxFrameBytes?: number;
  /** Most connections open at once; default 64. Further ones are closed on arrival. */
  maxConnections?: number;
  /**
   * A connection with nothing in flight and nothing received for this long is closed (the LIS
   * reconnects when it has results), so idle or half-open connections cannot hold every slot;
   * default 120 000 ms.
   */
  idleTimeoutMs?: number;
  /** Told about every message once its ACK is decided. */
  onMessage?: (info: MllpMessageInfo) => void;
  log?: MllpLog;
}

export interface MllpListener {
  port: number;
  /** Stops accepting connections and frames, lets the messages being handled finish and be ACKed, then closes every connection. */
  close(): Promise<void>;
}

/** Who may send when `allow` is not given: this machine only. */
export const MLLP_DEFAULT_ALLOW: readonly string[] = ['127.0.0.0/8', '::1'];

/**
 * The allow-list as a matcher (node's BlockList); throws naming the entry that is neither an
 * address nor a CIDR block, so that a mistyped setting stops the gateway at start.
 */
export function mllpAllowList(entries: readonly string[]): (address: string) => boolean {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.trim().split('/');
    const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
    const prefix = bits === undefined ? undefined : Number(bits);
    if (!type || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (type === 'ipv4' ? 32 : 128) && /^\d+$/.test(bits!)))) {
      throw new Error(`"${entry}" is not an IP address or a CIDR block (10.20.0.0/16)`);
    }
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return (remote) => {
    // An IPv4 client of a listener bound to :: arrives as ::ffff:a.b.c.d.
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote)?.[1];
    if (v4) return list.check(v4, 'ipv4');
    return net.isIPv4(remote) ? list.check(remote, 'ipv4') : net.isIPv6(remote) ? list.check(remote, 'ipv6') : false;
  };
}

/** Messages queued on one connection before it stops reading (TCP pushes back on the sender). */
const MAX_QUEUED = 16;

const silent: MllpLog = { info() {}, warn() {}, error() {} };

/** The source recorded with each report: the protocol and the sending facility (MSH-4), never patient data. */
function sourceOf(message: Hl7Message): string {
  const facility = (message.header.get(4, 1) || message.header.get(4, 2) || message.header.get(3, 1)).trim();
  return `hl7v2/${facility || 'unknown'}`.slice(0, 64);
}

interface Handled {
  ack: string;
  info: MllpMessageInfo;
}

/**
 * Listens for HL7 v2 ORU^R01 messages over MLLP and stores their reports with `lis.save`.
 * Several connections, several messages per connection (answered in order) and messages split
 * across or sharing TCP chunks are handled. A message is answered:
 * - AA once all its reports are saved and committed;
 * - AE when its content cannot be used (no patient id, a bad date, …) or saving failed — the
 *   sender keeps it and may send it again; saving is idempotent, so a resend is harmless;
 * - AR when it is not an ORU^R01 in HL7 v2.x, has no readable MSH, or its frame is larger than
 *   `maxFrameBytes`.
 * Nothing from a message but its control id reaches the log.
 */
export async function startMllpListener(options: MllpListenerOptions): Promise<MllpListener> {
  const log = options.log ?? silent;
  const timeZone = options.timeZone ?? DEFAULT_HOSPITAL_TIME_ZONE;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const connections = new Set<{ socket: net.Socket; idle: () => Promise<void> }>();
  let closing = false;

  const answer = (message: Hl7Message | undefined, code: AckCode, reports: number, error?: Hl7Error): Handled => ({
    ack: buildAck(message, { code, timeZone, ...(error ? { error } : {}) }),
    info: { controlId: message?.controlId ?? '', reports, ack: code },
  });

  /** Reads the MSH of a refused frame's first bytes, if it has one, to answer with its control id. */
  const headerOf = (bytes: Buffer): Hl7Message | undefined => {
    try {
      const text = decodeHl7(bytes);
      const firstLine = text.split(/\r|\n/)[0] ?? '';
      return parseHl7(firstLine);
    } catch {
      return undefined;
    }
  };

  async function handle(frame: MllpFrame): Promise<Handled> {
    if (frame.kind === 'oversized') {
      const error = new Hl7Error(HL7_ERROR.INTERNAL, `Message larger than ${maxFrameBytes} bytes; not accepted`, 'AR');
      return answer(headerOf(frame.head), 'AR', 0, error);
    }
    let message: Hl7Message;
    try {
      message = parseHl7(decodeHl7(frame.bytes));
    } catch (e) {
      const error = isHl7Error(e) ? e : new Hl7Error(HL7_ERROR.SEGMENT_SEQUENCE, 'The message could not be parsed', 'AR');
      return answer(headerOf(frame.bytes), 'AR', 0, error);
    }
    let reports: LabReport[];
    try {
      reports = parseOru(message, { timeZone, ...(options.patientIdTypes ? { patientIdTypes: options.patientIdTypes } : {}) });
    } catch (e) {
      if (isHl7Error(e)) return answer(message, e.ack, 0, e);
      log.error({ controlId: message.controlId, error: e instanceof Error ? e.name : typeof e }, 'HL7 message could not be read');
      return answer(message, 'AE', 0, new Hl7Error(HL7_ERROR.INTERNAL, 'The message could not be processed'));
    }
    try {
      const source = sourceOf(message);
      for (const report of reports) await options.lis.save(report, source);
    } catch (e) {
      // Database errors can quote row values in their detail: log the kind of error, never the text.
      const code = (e as { code?: unknown }).code;
      log.error({ controlId: message.controlId, error: e instanceof Error ? e.name : typeof e, ...(typeof code === 'string' ? { code } : {}) }, 'HL7 results could not be stored; answered AE so that the sender retries');
      return answer(message, 'AE', 0, new Hl7Error(HL7_ERROR.INTERNAL, 'The results could not be stored; send the message again'));
    }
    return answer(message, 'AA', reports.length);
  }

  const allowed = mllpAllowList(options.allow ?? MLLP_DEFAULT_ALLOW);
  const accept = (socket: net.Socket) => {
    if (socket.destroyed) return;
    const decoder = new MllpDecoder(maxFrameBytes);
    let queue = Promise.resolve();
    let queued = 0;
    const entry = { socket, idle: () => queue };
    connections.add(entry);
    socket.setKeepAlive(true, 60_000);
    socket.setTimeout(options.idleTimeoutMs ?? 120_000, () => {
      if (queued === 0) socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      if (closing) return;
      for (const frame of decoder.push(chunk)) {
        queued++;
        if (queued >= MAX_QUEUED) socket.pause();
        queue = queue.then(async () => {
          const { ack, info } = await handle(frame);
          // A sender that does not read its ACKs is not read from either (the ACKs would pile up here).
          if (!socket.destroyed && !socket.write(frameMllp(ack))) {
            socket.pause();
            socket.once('drain', () => !closing && queued < MAX_QUEUED && socket.resume());
          }
          const fields = { controlId: info.controlId, ack: info.ack, reports: info.reports };
          if (info.ack === 'AA') log.info(fields, 'HL7 message stored');
          else log.warn(fields, 'HL7 message not accepted');
          try {
            options.onMessage?.(info);
          } catch {
            // The caller's hook failing changes nothing for the sender.
          }
          queued--;
          if (queued < MAX_QUEUED && socket.isPaused() && !closing && !socket.writableNeedDrain) socket.resume();
        }).catch((e: unknown) => {
          // Not expected (handle answers every failure with an ACK); the sender gets no ACK for
          // this message and will resend it, so the connection is cut rather than left out of step.
          log.error({ error: e instanceof Error ? e.name : typeof e }, 'MLLP message handling failed; connection closed');
          socket.destroy();
        });
      }
    });
    socket.on('error', (e) => log.warn({ error: (e as NodeJS.ErrnoException).code ?? e.name }, 'MLLP connection error'));
    socket.on('close', () => connections.delete(entry));
  };
  const tlsOptions = options.tls && {
    cert: options.tls.cert,
    key: options.tls.key,
    ...(options.tls.ca ? { ca: options.tls.ca, requestCert: true, rejectUnauthorized: true } : {}),
  };
  const server: net.Server = tlsOptions ? tls.createServer(tlsOptions, accept) : net.createServer(accept);
  // Refused before TLS or a byte of HL7 (first of the server's own listeners): an address not on the allow-list.
  server.prependListener('connection', (socket: net.Socket) => {
    if (allowed(socket.remoteAddress ?? '')) return;
    log.warn({ address: socket.remoteAddress ?? 'unknown' }, 'MLLP connection refused: the sender is not on the allow-list');
    socket.destroy();
  });
  server.on('tlsClientError', (e: NodeJS.ErrnoException, socket: tls.TLSSocket) => {
    if (socket.destroyed && !allowed(socket.remoteAddress ?? '')) return; // refused above already
    log.warn({ address: socket.remoteAddress ?? 'unknown', error: e.code ?? e.name }, 'MLLP connection refused: TLS handshake failed (no client certificate the laboratory CA signed?)');
  });

  server.maxConnections = options.maxConnections ?? 64;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => log.error({ error: (e as NodeJS.ErrnoException).code ?? e.name }, 'MLLP listener error'));
  const address = server.address() as net.AddressInfo;
  log.info({ port: address.port }, 'MLLP listener started');

  return {
    port: address.port,
    async close() {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...connections].map(async (c) => {
        await c.idle();
        c.socket.end();
        c.socket.destroySoon();
      }));
      // Connections that do not finish closing on their side are cut.
      const cut = setTimeout(() => {
        for (const c of connections) c.socket.destroy();
      }, 1000);
      await closed;
      clearTimeout(cut);
    },
  };
}

/**
 * Sends one message over MLLP and resolves with the ACK's text (for tests, benchmarks and
 * integrators checking a set-up). Rejects when no ACK comes within `timeoutMs` (default 10 s)
 * or the connection fails or closes first.
 */
export function sendMllp(
  port: number,
  host: string,
  message: string | Uint8Array,
  options: { timeoutMs?: number; /** MLLP over TLS: the listener's CA, and this sender's certificate and key when the listener asks for one. */ tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; servername?: string } } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new MllpDecoder();
    const socket = options.tls ? tls.connect({ port, host, ...options.tls, servername: options.tls.servername ?? (net.isIP(host) ? undefined : host) }) : net.connect({ port, host });
    let done = false;
    const finish = (error: Error | undefined, ack?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(ack!);
    };
    const timer = setTimeout(() => finish(new Error(`No ACK within ${options.timeoutMs ?? 10_000} ms`)), options.timeoutMs ?? 10_000);
    socket.on(options.tls ? 'secureConnect' : 'connect', () => socket.write(frameMllp(message)));
    socket.on('data', (chunk: Buffer) => {
      const [frame] = decoder.push(chunk);
      if (frame?.kind !== 'message') return;
      try {
        finish(undefined, decodeHl7(frame.bytes));
      } catch (e) {
        finish(e as Error);
      }
    });
    socket.on('error', (e) => finish(e));
    socket.on('close', () => finish(new Error('The connection closed before an ACK came')));
  });
}
