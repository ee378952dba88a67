import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalid } from '../core/errors.ts';

/**
 * Where media files live, behind one interface so that the local disk of
 * today can become an S3-compatible bucket later (docs/adr/013).
 *
 * A key is a relative, slash-separated path of lower-case ASCII segments
 * (`ab/ab12…/640w.webp`): letters, digits, `.`, `_` and `-`, no segment
 * starting with a dot. Keys name files; they are never built from user input
 * other than through {@link isMediaKey}.
 */
export interface MediaStorage {
  /**
   * Stores `content` under `key`, replacing what was there, atomically: a
   * reader (or a process killed midway) sees the old file, the complete new
   * file, or no file, never a partial one.
   *
   * @throws JaridaError `VALIDATION` for a malformed key; I/O errors as thrown by the backend.
   */
  put(key: string, content: Uint8Array | Readable): Promise<void>;
  /** The whole file, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** A stream of the file with its size in bytes, or undefined when there is none. */
  stream(key: string): Promise<{ stream: Readable; bytes: number } | undefined>;
  /** Size and modification time of the file, or undefined when there is none. */
  stat(key: string): Promise<StoredFile | undefined>;
  /** Removes the file; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  /** Every stored file (complete ones only), in no particular order. */
  list(): AsyncIterable<StoredFile>;
  /** The URL path (or absolute URL) at which readers fetch `key`. */
  url(key: string): string;
  /** The key that {@link url} turned into `url`, or undefined when `url` is not one of this storage's. */
  keyFromUrl(url: string): string | undefined;
  /**
   * Removes leftovers of writes that never completed (a process killed
   * mid-`put`) last touched before `before` (ms since the epoch);
   * returns how many were removed.
   */
  removeIncomplete(before: number): Promise<number>;
}

/** One stored file. */
export interface StoredFile {
  key: string;
  bytes: number;
  /** Last modification, ms since the epoch (the file system's clock). */
  modified_ms: number;
}

const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,127}$/u;

/** Whether `key` is a well-formed media key (see {@link MediaStorage}). */
export function isMediaKey(key: string): boolean {
  const segments = key.split('/');
  return segments.length <= 8 && segments.every((s) => SEGMENT.test(s) && !s.includes('..'));
}

function checkKey(key: string): void {
  if (!isMediaKey(key)) throw invalid(`not a media key: ${JSON.stringify(key)}`, { key });
}

/** Temporary files of unfinished writes: `.<name>.<random>.tmp` beside the final name. */
const TEMP = /^\..+\.[0-9a-f]{16}\.tmp$/u;

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * {@link MediaStorage} on the local disk under `root` (jarida uses
 * `<dataDir>/media/`). `put` writes a temporary file in the target's own
 * folder, fsyncs it, renames it over the final name and fsyncs the folder:
 * rename within a folder is atomic on POSIX file systems, so a crash leaves
 * either no file or a complete one under the final name (plus, at worst, a
 * temporary file that {@link removeIncomplete} deletes).
 */
export class LocalDiskStorage implements MediaStorage {
  constructor(
    /** Absolute folder of the files. */
    readonly root: string,
    /** URL path prefix the files are served under (see `web/media-routes.ts`). */
    private readonly urlPrefix = '/media',
  ) {}

  private path(key: string): string {
    checkKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, content: Uint8Array | Readable): Promise<void> {
    const target = this.path(key);
    const folder = dirname(target);
    const temp = join(folder, `.${key.split('/').pop()}.${randomBytes(8).toString('hex')}.tmp`);
    // A concurrent delete may remove the (then empty) folder between mkdir and open: try again.
    for (let attempt = 0; ; attempt++) {
      await mkdir(folder, { recursive: true });
      try {
        await this.writeDurably(temp, content);
        break;
      } catch (err) {
        await unlink(temp).catch(() => undefined);
        if (!isMissing(err) || attempt >= 2 || !(content instanceof Uint8Array)) throw err;
      }
    }
    try {
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await syncFolder(folder);
  }

  private async writeDurably(temp: string, content: Uint8Array | Readable): Promise<void> {
    if (content instanceof Uint8Array) {
      const handle = await open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return;
    }
    await pipeline(content, createWriteStream(temp, { flags: 'wx', mode: 0o644 }));
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async stream(key: string): Promise<{ stream: Readable; bytes: number } | undefined> {
    let handle;
    try {
      handle = await open(this.path(key), 'r');
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw err;
    }
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return undefined;
    }
    // The stream owns the file handle from here and closes it when done or destroyed.
    return { stream: handle.createReadStream(), bytes: info.size };
  }

  async stat(key: string): Promise<StoredFile | undefined> {
    try {
      const info = await stat(this.path(key));
      return info.isFile() ? { key, bytes: info.size, modified_ms: info.mtimeMs } : undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const target = this.path(key);
    try {
      await unlink(target);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    // Drop folders left empty, up to the root (a concurrent put re-creates what it needs).
    let folder = dirname(target);
    while (folder.startsWith(this.root + sep) && folder !== this.root) {
      try {
        await rmdir(folder);
      } catch {
        break;
      }
      folder = dirname(folder);
    }
  }

  async *list(): AsyncIterable<StoredFile> {
    for await (const file of this.walk()) {
      if (!file.temp) yield { key: file.key, bytes: file.bytes, modified_ms: file.modified_ms };
    }
  }

  async removeIncomplete(before: number): Promise<number> {
    let removed = 0;
    for await (const file of this.walk()) {
      if (!file.temp || file.modified_ms >= before) continue;
      try {
        await unlink(join(this.root, ...file.key.split('/')));
        removed++;
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    return removed;
  }

  url(key: string): string {
    checkKey(key);
    return `${this.urlPrefix}/${key}`;
  }

  keyFromUrl(url: string): string | undefined {
    if (!url.startsWith(`${this.urlPrefix}/`)) return undefined;
    const key = url.slice(this.urlPrefix.length + 1);
    return isMediaKey(key) ? key : undefined;
  }

  /** Every regular file under the root, temporary ones marked; files with names that are not keys are skipped. */
  private async *walk(): AsyncIterable<StoredFile & { temp: boolean }> {
    const pending: string[] = [''];
    while (pending.length > 0) {
      const prefix = pending.pop() as string;
      let entries;
      try {
        entries = await readdir(prefix ? join(this.root, ...prefix.split('/')) : this.root, { withFileTypes: true });
      } catch (err) {
        if (isMissing(err)) continue;
        throw err;
      }
      for (const entry of entries) {
        const key = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (SEGMENT.test(entry.name)) pending.push(key);
          continue;
        }
        if (!entry.isFile()) continue;
        const temp = TEMP.test(entry.name);
        if (!temp && !isMediaKey(key)) continue;
        try {
          const info = await stat(join(this.root, ...key.split('/')));
          yield { key, bytes: info.size, modified_ms: info.mtimeMs, temp };
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
    }
  }
}

/** Makes a rename in `folder` durable (Linux and macOS accept fsync on a directory). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems refuse fsync on directories; the rename itself is still atomic.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL' && (err as NodeJS.ErrnoException).code !== 'EISDIR') throw err;
  } finally {
    await handle.close();
  }
}
