/**
 * A minimal PNG encoder for 8-bit grayscale pictures (colour type 0), enough for the demo PACS's
 * synthetic frames: one IHDR, one IDAT compressed with node:zlib, IEND.
 */
import * as zlib from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A PNG of `width` × `height` gray levels (0 black … 255 white), `pixels` row by row from the
 * top. Each row is stored with the "Up" filter, which suits smooth synthetic pictures.
 */
export function encodeGrayPng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError('a PNG needs a positive integer width and height');
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: grayscale
  // compression, filter method and interlace stay 0
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1);
    raw[row] = 2; // Up: each byte minus the one above it
    for (let x = 0; x < width; x++) {
      const above = y > 0 ? pixels[(y - 1) * width + x]! : 0;
      raw[row + 1 + x] = (pixels[y * width + x]! - above) & 0xff;
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
