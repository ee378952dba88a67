/**
 * The media library's model: uploaded images and their responsive variants
 * (use cases in `use-cases/media.ts`, files behind `media/storage.ts`).
 * Every instant is UTC ISO; sizes are pixels and bytes.
 */

/** One uploaded image. */
export interface Media {
  id: number;
  /** Storage key of the original file as uploaded (`ab/<sha256>/original.jpg`): content-addressed, unique. */
  key: string;
  /** The file name the uploader's system gave, byte for byte (shown in the library, searched). */
  filename: string;
  /** Media type found in the bytes (`image/jpeg`, `image/png`, `image/webp`, `image/avif`, `image/gif`). */
  mime_type: string;
  /** Size after EXIF orientation, in pixels. */
  width: number;
  height: number;
  /** Size of the original file. */
  bytes: number;
  /** Default alternative text, offered when the image is picked for an article. */
  alt: string;
  /** The user who uploaded it; null for uploads by tools. */
  uploaded_by: number | null;
  created_at: string;
}

/** A WebP rendition of a {@link Media} at one width, served to readers. */
export interface MediaVariant {
  media_id: number;
  width: number;
  /** Height of one frame, in pixels. */
  height: number;
  /** Storage key (`ab/<sha256>/640w.webp`). */
  key: string;
  bytes: number;
}

/** An image with its variants, narrowest first. */
export interface MediaItem extends Media {
  variants: MediaVariant[];
}

/** Filter of the media library. */
export interface MediaFilter {
  /** Words the file name or the alternative text contains (a plain substring). */
  text?: string;
  limit: number;
  offset: number;
}

/** The media tables. */
export interface MediaRepo {
  /** Inserts an image with its variants; returns its id. */
  insert(row: Omit<Media, 'id'>, variants: ReadonlyArray<Omit<MediaVariant, 'media_id'>>): Promise<number>;
  findById(id: number): Promise<MediaItem | undefined>;
  /** The image whose original is stored under `key`. */
  findByKey(key: string): Promise<MediaItem | undefined>;
  /** The image one of whose variants is stored under `key`. */
  findByVariantKey(key: string): Promise<MediaItem | undefined>;
  /** Newest first (then by id, descending), with the total count. */
  list(filter: MediaFilter): Promise<{ items: MediaItem[]; total: number }>;
  updateAlt(id: number, alt: string): Promise<void>;
  /** Deletes the image and its variant rows. */
  delete(id: number): Promise<void>;
  /** Which of `keys` a row names (an original's or a variant's key). */
  referencedKeys(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Ids of up to `limit` articles (any status) whose featured image URL or
   * body contains `fragment` (taken literally).
   */
  articlesUsing(fragment: string, limit: number): Promise<number[]>;
}
