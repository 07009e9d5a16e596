/**
 * MLLP framing (HL7 v2 over TCP): each message is sent as 0x0B, the message bytes, 0x1C 0x0D.
 * The decoder takes TCP chunks as they come — a frame split across chunks, several frames in
 * one — and bounds how large a frame may grow.
 */

export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;

/** 1 MiB: larger frames are refused. A laboratory result message is a few kilobytes. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** A message wrapped in an MLLP frame; text is sent as UTF-8. */
export function frameMllp(message: string | Uint8Array): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message);
  return Buffer.concat([Buffer.from([MLLP_START]), body, Buffer.from([MLLP_END, MLLP_CR])]);
}

/** What the decoder found: a whole message, or a frame that outgrew the limit (its first bytes kept, to read the MSH). */
export type MllpFrame = { kind: 'message'; bytes: Buffer } | { kind: 'oversized'; head: Buffer; size: number };

/** How many bytes of an oversized frame are kept: enough for its MSH. */
const HEAD_BYTES = 4096;

/**
 * Splits a byte stream into MLLP frames. Bytes outside a frame (stray line breaks between
 * frames) are skipped. A frame longer than `maxFrameBytes` is not buffered: its bytes are
 * dropped as they come and, at its end, it is reported as oversized.
 */
export class MllpDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  push(chunk: Buffer): MllpFrame[] {
    const out: MllpFrame[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(MLLP_START, i);
        if (start < 0) break;
        this.inFrame = true;
        this.parts = [];
        this.size = 0;
        i = start + 1;
        continue;
      }
      const end = chunk.indexOf(MLLP_END, i);
      const piece = chunk.subarray(i, end < 0 ? chunk.length : end);
      this.take(piece);
      if (end < 0) break;
      out.push(this.finish());
      // The CR after 0x1C (possibly in the next chunk) is skipped as a byte outside a frame.
      i = end + 1;
    }
    return out;
  }

  /** Whether a frame has begun and not ended (bytes are waiting for the rest of it). */
  get pending(): boolean {
    return this.inFrame;
  }

  private take(piece: Buffer): void {
    const before = this.size;
    this.size += piece.length;
    if (this.size <= this.maxFrameBytes) {
      if (piece.length) this.parts.push(Buffer.from(piece));
    } else if (before <= this.maxFrameBytes) {
      // Just outgrew the limit: keep only the head from now on.
      this.parts = [Buffer.from(Buffer.concat([...this.parts, piece]).subarray(0, HEAD_BYTES))];
    }
  }

  private finish(): MllpFrame {
    const bytes = Buffer.concat(this.parts);
    const size = this.size;
    this.inFrame = false;
    this.parts = [];
    this.size = 0;
    return size > this.maxFrameBytes ? { kind: 'oversized', head: bytes.subarray(0, HEAD_BYTES), size } : { kind: 'message', bytes };
  }
}
