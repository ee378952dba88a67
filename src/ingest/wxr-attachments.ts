import Database from 'better-sqlite3';
import type { WxrAttachment } from './wxr-content.ts';

/** An attachment as pass 1 of the import records it. */
export interface IndexedAttachment extends WxrAttachment {
  /** Path under `wp-content/uploads/`, when known. */
  file?: string;
}

interface Row {
  id: string;
  url: string;
  alt: string;
  title: string;
  parent: string;
  file: string | null;
}

/**
 * The attachments of a WordPress export, as pass 1 of the import finds them
 * and pass 2 looks them up (featured images, captions, galleries, copied
 * files). A large export holds hundreds of thousands of attachments, so they
 * are kept in a private temporary SQLite database (an empty file name: SQLite
 * keeps it on disk, caches a few pages of it in memory and deletes it on
 * close) rather than in the JavaScript heap: the import's memory stays the
 * same whatever the number of attachments. docs/adr/018-wordpress-import.md.
 *
 * An id seen twice keeps its first place and its last values (as a `Map` would).
 */
export class AttachmentIndex {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly children: Database.Statement;
  private readonly setUrl: Database.Statement;
  private readonly byUrl: Database.Statement;
  private pending = 0;
  private copied = 0;

  constructor() {
    this.db = new Database('');
    // A scratch copy rebuilt by every run: nothing to recover after a crash.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(`
      CREATE TABLE attachment (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT NOT NULL, alt TEXT NOT NULL,
        title TEXT NOT NULL, parent TEXT NOT NULL, file TEXT, new_url TEXT
      );
      CREATE INDEX attachment_parent ON attachment (parent, seq);
      CREATE INDEX attachment_url ON attachment (url);
    `);
    this.upsert = this.db.prepare(
      `INSERT INTO attachment (id, url, alt, title, parent, file) VALUES (@id, @url, @alt, @title, @parent, @file)
       ON CONFLICT (id) DO UPDATE SET url = excluded.url, alt = excluded.alt, title = excluded.title, parent = excluded.parent, file = excluded.file`,
    );
    this.byId = this.db.prepare('SELECT id, url, alt, title, parent, file FROM attachment WHERE id = ?');
    this.children = this.db.prepare('SELECT id FROM attachment WHERE parent = ? ORDER BY seq').pluck();
    this.setUrl = this.db.prepare('UPDATE attachment SET new_url = ? WHERE id = ?');
    this.byUrl = this.db.prepare('SELECT new_url FROM attachment WHERE url = ? AND new_url IS NOT NULL ORDER BY seq LIMIT 1').pluck();
  }

  /** Records an attachment (pass 1). Writes are grouped in transactions of 1,000. */
  add(id: string, att: IndexedAttachment): void {
    if (this.pending === 0) this.db.exec('BEGIN');
    this.upsert.run({ id, url: att.url, alt: att.alt, title: att.title, parent: att.parent, file: att.file ?? null });
    if (++this.pending >= 1000) this.flush();
  }

  /** Ends pass 1's writes. */
  flush(): void {
    if (this.pending === 0) return;
    this.db.exec('COMMIT');
    this.pending = 0;
  }

  /** The attachment with this post id. */
  get(id: string): IndexedAttachment | undefined {
    this.flush();
    const row = this.byId.get(id) as Row | undefined;
    return row && toAttachment(row);
  }

  /** Ids of the attachments uploaded to a post, in export order (none for an empty or `0` id). */
  childrenOf(postId: string): string[] {
    if (postId === '' || postId === '0') return [];
    this.flush();
    return this.children.all(postId) as string[];
  }

  /** Every attachment with its id, in export order, read a page at a time (the caller may record copies meanwhile). */
  *entries(): Generator<[string, IndexedAttachment]> {
    this.flush();
    const page = this.db.prepare('SELECT seq, id, url, alt, title, parent, file FROM attachment WHERE seq > ? ORDER BY seq LIMIT 500');
    for (let after = 0; ; ) {
      const rows = page.all(after) as Array<Row & { seq: number }>;
      if (rows.length === 0) return;
      for (const row of rows) yield [row.id, toAttachment(row)];
      after = (rows[rows.length - 1] as { seq: number }).seq;
    }
  }

  /** Records where an attachment's file was copied (its URL on the new site). */
  setCopiedUrl(id: string, url: string): void {
    this.setUrl.run(url, id);
    this.copied++;
  }

  /** Whether any file was copied. */
  get hasCopies(): boolean {
    return this.copied > 0;
  }

  /** The new URL of a copied attachment, by its old URL. */
  copiedUrl(oldUrl: string): string | undefined {
    return (this.byUrl.get(oldUrl) as string | null | undefined) ?? undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toAttachment(row: Row): IndexedAttachment {
  return { url: row.url, alt: row.alt, title: row.title, parent: row.parent, ...(row.file !== null ? { file: row.file } : {}) };
}
