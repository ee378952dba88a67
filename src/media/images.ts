import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { JaridaError } from '../core/errors.ts';

/**
 * Image checks and responsive variants, with sharp (libvips). What is
 * accepted is decided by the bytes, never by the file name or the type the
 * browser claims (docs/adr/013).
 */

/** The accepted formats: media type and file extension of each. */
export const IMAGE_FORMATS = {
  jpeg: { mime_type: 'image/jpeg', ext: 'jpg' },
  png: { mime_type: 'image/png', ext: 'png' },
  webp: { mime_type: 'image/webp', ext: 'webp' },
  avif: { mime_type: 'image/avif', ext: 'avif' },
  gif: { mime_type: 'image/gif', ext: 'gif' },
} as const;
export type ImageFormat = keyof typeof IMAGE_FORMATS;

/** Limits on one upload. */
export interface ImageLimits {
  /** Largest accepted file, in bytes. */
  max_bytes: number;
  /**
   * Largest accepted image, in pixels (width × height × frames), checked on
   * the declared size before anything is decoded: a small file declaring a
   * huge image (a decompression bomb) is refused without allocating it.
   */
  max_pixels: number;
}

/**
 * 20 MiB and 64 megapixels: a full-frame camera's JPEG (45–61 MP) passes;
 * decoding one takes about 256 MB of memory at most.
 */
export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({ max_bytes: 20 * 1024 * 1024, max_pixels: 64_000_000 });

/**
 * Widths (CSS pixels at 1×, device pixels at 2×) of the WebP variants: from a
 * phone's card to a wide screen's lead image. Never wider than the image:
 * a narrower image gets the widths below its own plus its own width.
 */
export const VARIANT_WIDTHS: readonly number[] = Object.freeze([320, 640, 960, 1280, 1920]);

/** WebP quality of the variants (libwebp's 0–100 scale); 80 is sharp's default and libwebp's sweet spot for photos. */
const WEBP_QUALITY = 80;

/** Largest width and height of a WebP image, in pixels (the format stores each as 14 bits). */
export const WEBP_MAX_DIMENSION = 16_383;

/**
 * The widths of the variants of an image `width` × `height` pixels
 * (ascending, never above `width`). A variant keeps the image's proportions,
 * so an image taller than {@link WEBP_MAX_DIMENSION} in proportion to its
 * width (a long infographic, 1000 × 17 000) gets its widest variant narrowed
 * until its height fits WebP; an empty list when not even a variant one
 * pixel wide would fit.
 */
export function variantWidths(width: number, height = 0): number[] {
  const fitting = height > WEBP_MAX_DIMENSION ? Math.floor((WEBP_MAX_DIMENSION * width) / height) : width;
  if (fitting < 1) return [];
  const below = VARIANT_WIDTHS.filter((w) => w < fitting);
  const top = Math.min(fitting, VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1] as number);
  return below.includes(top) ? below : [...below, top];
}

/** Thrown for an upload that is not one of {@link IMAGE_FORMATS}; `details.reason` names the admin message. */
function unsupported(message: string, details: Record<string, unknown> = {}): JaridaError {
  return new JaridaError('MEDIA_UNSUPPORTED', message, { reason: 'media_unsupported', ...details });
}

/**
 * The format the first bytes announce, by the signatures of each format's
 * specification (JPEG SOI marker; PNG's 8-byte signature; GIF87a/GIF89a;
 * RIFF…WEBP; an ISO-BMFF `ftyp` box with the `avif`/`avis` brand), or
 * undefined. Anything else (SVG, HTML, PDF, TIFF, HEIC…) never reaches a
 * decoder.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 16 && ascii(4, 8) === 'ftyp') {
    const size = Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0);
    const end = Math.min(size, bytes.length, 256);
    // Major brand at 8, minor version at 12, compatible brands from 16.
    for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4) {
      const brand = ascii(at, at + 4);
      if (brand === 'avif' || brand === 'avis') return 'avif';
    }
  }
  return undefined;
}

/** What {@link inspectImage} finds in the bytes. */
export interface ImageInfo {
  format: ImageFormat;
  mime_type: string;
  /** Width and height after EXIF orientation is applied, in pixels. */
  width: number;
  height: number;
  /** Frames (1 unless an animated GIF or WebP). */
  frames: number;
}

/**
 * Checks that `bytes` are an accepted image within `limits`, reading only
 * headers (nothing is decoded yet).
 *
 * @throws JaridaError `MEDIA_TOO_LARGE` over `max_bytes` (`details.limit: 'bytes'`) or
 *   `max_pixels` (`'pixels'`), or too tall for its width to make a WebP variant
 *   (`'proportions'`, reason `media_too_tall`, see {@link variantWidths}); `MEDIA_UNSUPPORTED` when the bytes are not JPEG, PNG, WebP,
 *   AVIF or GIF whatever the name says; `MEDIA_UNREADABLE` when they start like one but
 *   their headers cannot be read.
 */
export async function inspectImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ImageInfo> {
  if (bytes.length > limits.max_bytes) {
    throw new JaridaError('MEDIA_TOO_LARGE', `the file has ${bytes.length} bytes, more than ${limits.max_bytes}`, {
      reason: 'media_too_large',
      limit: 'bytes',
      max_bytes: limits.max_bytes,
    });
  }
  const format = sniffImageFormat(bytes);
  if (!format) throw unsupported('not a JPEG, PNG, WebP, AVIF or GIF image');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new JaridaError('MEDIA_UNREADABLE', `the ${format} image cannot be read: ${(err as Error).message}`, { reason: 'media_unreadable', format }, { cause: err });
  }
  // libvips reads AVIF through its HEIF loader; HEIC (HEVC) shares the box layout.
  const decoded = meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heic') : meta.format;
  if (decoded !== format) throw unsupported(`the file starts like ${format} but decodes as ${decoded}`, { format: decoded });
  const frames = format === 'gif' || format === 'webp' ? Math.max(1, meta.pages ?? 1) : 1;
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new JaridaError('MEDIA_UNREADABLE', 'the image declares no size', { reason: 'media_unreadable', format });
  if (width * height * frames > limits.max_pixels) {
    throw new JaridaError('MEDIA_TOO_LARGE', `the image is ${width}×${height}${frames > 1 ? ` × ${frames} frames` : ''}, more than ${limits.max_pixels} pixels`, {
      reason: 'media_too_many_pixels',
      limit: 'pixels',
      max_pixels: limits.max_pixels,
    });
  }
  if (variantWidths(width, height).length === 0) {
    throw new JaridaError('MEDIA_TOO_LARGE', `the image is ${width}×${height}: more than ${WEBP_MAX_DIMENSION} pixels tall for each pixel of width`, {
      reason: 'media_too_tall',
      limit: 'proportions',
      max_height: WEBP_MAX_DIMENSION,
    });
  }
  return { format, mime_type: IMAGE_FORMATS[format].mime_type, width, height, frames };
}

/** One WebP variant, ready to store. */
export interface ImageVariant {
  width: number;
  /** Height of one frame, in pixels. */
  height: number;
  data: Buffer;
}

/** An accepted image with its variants. */
export interface ProcessedImage extends ImageInfo {
  /** Hex SHA-256 of the uploaded bytes (the content address: the same bytes are the same media item). */
  sha256: string;
  /** File extension of the format (`jpg`, `png`…). */
  ext: string;
  bytes: number;
  /** WebP variants, narrowest first (see {@link variantWidths}). */
  variants: ImageVariant[];
}

/**
 * Inspects `bytes` (see {@link inspectImage}) and renders its WebP variants
 * ({@link variantWidths}, each within WebP's {@link WEBP_MAX_DIMENSION}):
 * turned upright by its EXIF orientation, converted to sRGB, every metadata
 * block (EXIF with GPS position and camera serial, XMP, IPTC) left out,
 * animation kept for animated GIF and WebP.
 *
 * @throws JaridaError as {@link inspectImage}; `MEDIA_UNREADABLE` when decoding fails (a truncated or corrupt file).
 */
export async function processImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ProcessedImage> {
  const info = await inspectImage(bytes, limits);
  const animated = info.frames > 1;
  // failOn 'warning' (sharp's default) also refuses a truncated JPEG that libjpeg would half-decode.
  const source = sharp(bytes, { limitInputPixels: limits.max_pixels, animated, failOn: 'warning' }).rotate();
  const variants: ImageVariant[] = [];
  try {
    // One at a time: the machine has 2 cores and libvips already uses them within one resize.
    for (const width of variantWidths(info.width, info.height)) {
      const out = await source
        .clone()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: WEBP_QUALITY })
        .toBuffer({ resolveWithObject: true });
      variants.push({ width: out.info.width, height: out.info.pageHeight ?? out.info.height, data: out.data });
    }
  } catch (err) {
    throw new JaridaError('MEDIA_UNREADABLE', `the ${info.format} image cannot be decoded: ${(err as Error).message}`, { reason: 'media_unreadable', format: info.format }, { cause: err });
  }
  return {
    ...info,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ext: IMAGE_FORMATS[info.format].ext,
    bytes: bytes.length,
    variants,
  };
}
