import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Real images made with sharp for the media tests, in every accepted
 * format, plus files that only pretend to be images.
 */

/** A solid image of `width`×`height` with a gradient strip, so encoders have something to do. */
function canvas(width: number, height: number, colour = '#2a6f97') {
  return sharp({ create: { width, height, channels: 3, background: colour } }).composite([
    { input: { create: { width: Math.max(1, Math.floor(width / 4)), height, channels: 3, background: '#f4a261' } }, left: 0, top: 0 },
  ]);
}

/**
 * A JPEG stored sideways: pixels `width`×`height`, EXIF orientation 6 (turn
 * 90° clockwise to view), a copyright and a GPS position in its EXIF.
 */
export function sidewaysJpeg(width = 1600, height = 1000): Promise<Buffer> {
  return canvas(width, height)
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Copyright: 'Wire agency' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 53/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 11/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export const png = (width = 800, height = 600) => canvas(width, height, '#e9c46a').png().toBuffer();
export const webp = (width = 1000, height = 500) => canvas(width, height, '#264653').webp().toBuffer();
/** AVIF encoding is slow (seconds for megapixels): keep it small. */
export const avif = (width = 400, height = 300) => canvas(width, height, '#e76f51').avif({ effort: 0 }).toBuffer();
export const gif = (width = 500, height = 250) => canvas(width, height, '#8ab17d').gif().toBuffer();

/** An animated GIF of three 300×150 frames. */
export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(['#d62828', '#f77f00', '#003049'].map((c) => sharp({ create: { width: 300, height: 150, channels: 3, background: c } }).png().toBuffer()));
  return sharp(frames, { join: { animated: true } }).gif({ delay: [200, 200, 200] }).toBuffer();
}

/** A distinct small JPEG per `n` (for loops that must not deduplicate). */
export function numberedJpeg(n: number, width = 1400, height = 900): Promise<Buffer> {
  // Colours far apart (JPEG's quantization would merge neighbours) and a bar whose width counts n.
  const background = `rgb(${(n * 53) % 256}, ${(n * 97) % 256}, ${(n * 29) % 256})`;
  const bar = 8 + (n % Math.max(1, width - 16));
  return sharp({ create: { width, height, channels: 3, background } })
    .composite([{ input: { create: { width: bar, height: Math.ceil(height / 3), channels: 3, background: '#ffffff' } }, left: 0, top: 0 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

export const htmlNamedJpg = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>', 'utf8');
export const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100"/></svg>', 'utf8');

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid-looking PNG of a few hundred bytes that declares `side`×`side`
 * pixels (a decompression bomb: decoding it would need side² × 3 bytes).
 */
export function pngBomb(side = 60_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  // compression, filter, interlace: 0
  const rows = deflateSync(Buffer.alloc((side * 3 + 1) * 4)); // the first rows only
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}
