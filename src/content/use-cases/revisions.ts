/**
 * Revision history of an article: the list, one revision, a word-level diff
 * between two revisions, and restoring an earlier revision's fields.
 */
import { diffArrays } from 'diff';
import { Parser } from 'htmlparser2';
import { forbidden, notFound } from '../../core/errors.ts';
import type { ArticleRevision, ArticleSnapshot, RevisionSummary, SnapshotField } from '../article-revisions.ts';
import { sanitizeBody } from '../body-html.ts';
import type { Actor } from '../roles.ts';
import type { Article } from '../types.ts';
import { assertCanEdit, canViewArticle } from './article-access.ts';
import { type EditableArticle, type WorkflowDeps, changedFields, loadForChange, runSave, snapshotOf } from './article-save.ts';
import { type MissingMedia, withoutMissingMedia } from './missing-media.ts';
import { type SaveOptions, saveSnapshot, snapshotForRestore } from './update-article.ts';

async function viewable(deps: WorkflowDeps, actor: Actor, id: number): Promise<Article> {
  const article = await deps.store.articles.findById(id);
  if (!article) throw notFound(`no article ${id}`, { article_id: id });
  if (!canViewArticle(actor, article)) throw forbidden(`a ${actor.role} may not see this article's history`, { article_id: id, role: actor.role });
  return article;
}

/**
 * The revisions of an article, newest first (who, when, what kind of save,
 * which fields changed), without their snapshots.
 * @throws JaridaError `NOT_FOUND`; `FORBIDDEN` unless the actor may open the article.
 */
export async function listRevisions(deps: WorkflowDeps, actor: Actor, id: number): Promise<RevisionSummary[]> {
  await viewable(deps, actor, id);
  return deps.store.revisions.list(id);
}

/**
 * One revision with its snapshot.
 * @throws JaridaError `NOT_FOUND` (article or revision); `FORBIDDEN` as {@link listRevisions}.
 */
export async function getRevision(deps: WorkflowDeps, actor: Actor, id: number, number: number): Promise<ArticleRevision> {
  await viewable(deps, actor, id);
  const revision = await deps.store.revisions.get(id, number);
  if (!revision) throw notFound(`article ${id} has no revision ${number}`, { article_id: id, revision: number });
  return revision;
}

/** A piece of a word-level diff. Concatenating the `equal` and `delete` parts gives the old text; `equal` and `insert`, the new. */
export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Kinds of body block, as the diff view labels them. */
export type BlockKind = 'p' | 'h2' | 'h3' | 'h4' | 'li' | 'quote' | 'caption' | 'image' | 'embed';

/** One block of a body as text: a paragraph, subheading, list item, quote, caption, image (`alt src`) or embed (its URL). */
export interface BodyBlock {
  kind: BlockKind;
  text: string;
}

/** How one body block changed. `change` pairs a removed block with the added one in its place, diffed word by word. */
export interface BlockDiff {
  op: 'equal' | 'insert' | 'delete' | 'change';
  /** Kind before (for `delete`, `change`, `equal`) and after (for `insert`, `change`, `equal`). */
  kind_before: BlockKind | null;
  kind_after: BlockKind | null;
  parts: DiffPart[];
}

/** A changed field other than the body. Values are shown as text (`category_id` as its id, tags joined by `, `). */
export interface FieldDiff {
  field: Exclude<SnapshotField, 'body'>;
  before: string | null;
  after: string | null;
  /** Word-level for text fields; one part per tag for tags; a delete and an insert otherwise. */
  parts: DiffPart[];
}

/** What changed between two revisions of one article. */
export interface RevisionDiff {
  article_id: number;
  from: RevisionSummary;
  to: RevisionSummary;
  /** Changed fields other than the body, in form order. */
  fields: FieldDiff[];
  /** The body block by block when it changed (every block, unchanged ones as `equal`); null when the body is the same. */
  body: BlockDiff[] | null;
}

const TEXT_FIELDS: readonly SnapshotField[] = ['title', 'slug', 'excerpt', 'author_name', 'source_name', 'featured_image_alt'];

/**
 * A word-level diff of two texts: jsdiff's `diffArrays` over words and the
 * runs of spaces between them (jsdiff's own word tokenizer knows only Latin
 * letters and would diff Arabic letter by letter), never splitting a
 * grapheme cluster ({@link wordsOf}). Past {@link DIFF_MAX_EDITS} edits or {@link DIFF_TIMEOUT_MS}
 * the text is shown as replaced whole, so a huge rewrite cannot stall the server.
 */
export function diffText(before: string, after: string): DiffPart[] {
  const changes = diffArrays(wordsOf(before), wordsOf(after), { maxEditLength: DIFF_MAX_EDITS, timeout: DIFF_TIMEOUT_MS });
  if (!changes) {
    return [...(before ? [{ op: 'delete' as const, text: before }] : []), ...(after ? [{ op: 'insert' as const, text: after }] : [])];
  }
  return changes.map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value.join('') }));
}

/**
 * Words (runs of grapheme clusters that start with a letter, digit or mark:
 * harakat, and the ZWNJ inside a Persian word, included), runs of
 * whitespace, and each other grapheme cluster alone, in order: joined, they
 * give the text back exactly. Clusters are Unicode's extended grapheme
 * clusters (UAX #29, `Intl.Segmenter`), so an emoji sequence (👩‍💻 with
 * its ZWJ, 🗳️ with its variation selector, a flag, a skin tone) is one
 * token and a diff never shows half of one.
 */
function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.matchAll(/\s+|\S+/gu)) {
    if (/^\s/u.test(run)) {
      out.push(run);
      continue;
    }
    let word = '';
    for (const cluster of graphemesOf(run)) {
      if (/^[\p{L}\p{N}\p{M}]/u.test(cluster)) {
        word += cluster;
        continue;
      }
      if (word !== '') out.push(word);
      word = '';
      out.push(cluster);
    }
    if (word !== '') out.push(word);
  }
  return out;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Code units given to the segmenter at once. V8's segment iterator (Node 20)
 * takes time growing with the square of its input's length (about 18 s for
 * 100 000 characters), so a long run is read in pieces.
 */
const SEGMENT_PIECE = 256;

/**
 * The grapheme clusters of `text`, read {@link SEGMENT_PIECE} code units at
 * a time. The last cluster of a piece may go on past its end, so it is read
 * again at the start of the next piece; every boundary before it is final,
 * since a boundary depends only on the text before it and the character
 * after it. A single cluster longer than a piece (hundreds of stacked marks)
 * is cut at the piece's end.
 */
function* graphemesOf(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    const end = at + SEGMENT_PIECE;
    let taken = 0;
    let last = '';
    for (const { segment } of graphemes.segment(text.slice(at, end))) {
      if (last !== '') yield last;
      taken += last.length;
      last = segment;
    }
    if (end >= text.length || taken === 0) {
      yield last;
      taken += last.length;
    }
    at += taken;
  }
}

/** Most word edits looked for in one field or block before showing it as replaced whole. */
const DIFF_MAX_EDITS = 2000;
/** Most milliseconds spent diffing one field or block. */
const DIFF_TIMEOUT_MS = 250;

const BLOCK_TAGS: Readonly<Record<string, BlockKind>> = { p: 'p', h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h4', li: 'li', blockquote: 'quote', figcaption: 'caption' };

/**
 * The blocks of body HTML as text, in order, so that a diff never glues a
 * subheading to the paragraph after it. A paragraph inside a quote or list
 * item counts as the quote or item; entities are decoded, runs of white
 * space folded to one space.
 */
export function bodyBlocks(html: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  const open: BlockKind[] = [];
  let text = '';
  const flush = () => {
    const t = text.replace(/\s+/gu, ' ').trim();
    text = '';
    if (t !== '') blocks.push({ kind: open.find((k) => k === 'quote' || k === 'li' || k === 'caption') ?? open.at(-1) ?? 'p', text: t });
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const kind = BLOCK_TAGS[name];
        if (kind) {
          flush();
          open.push(kind);
        } else if (name === 'img') {
          flush();
          blocks.push({ kind: 'image', text: [attribs.alt?.trim(), attribs.src].filter(Boolean).join(' ') });
        } else if (name === 'iframe') {
          flush();
          blocks.push({ kind: 'embed', text: attribs.src ?? '' });
        } else if (name === 'br') {
          text += ' ';
        }
      },
      ontext(data) {
        text += data;
      },
      onclosetag(name) {
        if (BLOCK_TAGS[name]) {
          flush();
          open.pop();
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return blocks;
}

/** Block-by-block diff of two bodies; a removed block followed by an added one is diffed word by word. */
export function diffBodies(before: string, after: string): BlockDiff[] {
  const a = bodyBlocks(before);
  const b = bodyBlocks(after);
  const key = (x: BodyBlock) => `${x.kind}\u0000${x.text}`;
  const out: BlockDiff[] = [];
  let ia = 0;
  let ib = 0;
  const changes = diffArrays(a.map(key), b.map(key));
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change) continue;
    const n = change.count ?? change.value.length;
    if (!change.added && !change.removed) {
      for (let k = 0; k < n; k++, ia++, ib++) {
        const block = a[ia] as BodyBlock;
        out.push({ op: 'equal', kind_before: block.kind, kind_after: block.kind, parts: [{ op: 'equal', text: block.text }] });
      }
      continue;
    }
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      const m = next.count ?? next.value.length;
      for (let k = 0; k < Math.max(n, m); k++) {
        const old = k < n ? a[ia + k] : undefined;
        const neu = k < m ? b[ib + k] : undefined;
        if (old && neu) out.push({ op: 'change', kind_before: old.kind, kind_after: neu.kind, parts: diffText(old.text, neu.text) });
        else if (old) out.push({ op: 'delete', kind_before: old.kind, kind_after: null, parts: [{ op: 'delete', text: old.text }] });
        else if (neu) out.push({ op: 'insert', kind_before: null, kind_after: neu.kind, parts: [{ op: 'insert', text: neu.text }] });
      }
      ia += n;
      ib += m;
      i++;
      continue;
    }
    for (let k = 0; k < n; k++) {
      if (change.removed) {
        const old = a[ia++] as BodyBlock;
        out.push({ op: 'delete', kind_before: old.kind, kind_after: null, parts: [{ op: 'delete', text: old.text }] });
      } else {
        const neu = b[ib++] as BodyBlock;
        out.push({ op: 'insert', kind_before: null, kind_after: neu.kind, parts: [{ op: 'insert', text: neu.text }] });
      }
    }
  }
  return out;
}

function fieldText(snapshot: ArticleSnapshot, field: Exclude<SnapshotField, 'body'>): string | null {
  const value = snapshot[field];
  if (Array.isArray(value)) return value.join(', ');
  return value === null ? null : String(value);
}

/** Diff of two snapshots: changed fields, and the body block by block. */
export function diffSnapshots(before: ArticleSnapshot, after: ArticleSnapshot): { fields: FieldDiff[]; body: BlockDiff[] | null } {
  const fields: FieldDiff[] = [];
  let body: BlockDiff[] | null = null;
  for (const field of changedFields(before, after)) {
    if (field === 'body') {
      body = diffBodies(before.body, after.body);
      continue;
    }
    const old = fieldText(before, field);
    const neu = fieldText(after, field);
    let parts: DiffPart[];
    if (field === 'tags') {
      parts = diffArrays(before.tags, after.tags).flatMap((c) =>
        c.value.map((text): DiffPart => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text })),
      );
    } else if (TEXT_FIELDS.includes(field) && old !== null && neu !== null) {
      parts = diffText(old, neu);
    } else {
      parts = [...(old === null ? [] : [{ op: 'delete' as const, text: old }]), ...(neu === null ? [] : [{ op: 'insert' as const, text: neu }])];
    }
    fields.push({ field, before: old, after: neu, parts });
  }
  return { fields, body };
}

/**
 * What changed from revision `from` to revision `to` of an article (either
 * order; usually older first): each changed field word by word, the body
 * block by block.
 * @throws JaridaError `NOT_FOUND` (article or either revision); `FORBIDDEN` as {@link listRevisions}.
 */
export async function diffRevisions(deps: WorkflowDeps, actor: Actor, id: number, from: number, to: number): Promise<RevisionDiff> {
  const a = await getRevision(deps, actor, id, from);
  const b = await getRevision(deps, actor, id, to);
  const { snapshot: before, ...fromSummary } = a;
  const { snapshot: after, ...toSummary } = b;
  return { article_id: id, from: fromSummary, to: toSummary, ...diffSnapshots(before, after) };
}

/** A restored article, and the deleted library images its revision named that did not come back. */
export interface RestoredArticle extends EditableArticle {
  missing_media: MissingMedia;
}

/**
 * Brings back the editable fields of revision `number` (headline, slug,
 * excerpt, body, category, tags, byline, source, featured image, video) as a
 * new `restore` revision, like an {@link updateArticle} save: the status and
 * publication time stay as they are now, a slug taken since by another
 * article gets a suffix, a tag renamed or merged into another since is that
 * other tag (never created again), and a published article gets an
 * `article.updated` event. Library images deleted since are left out (`missing-media.ts`: no
 * featured image, body images removed) and reported in `missing_media`, so
 * the newsroom can pick others. Restoring the current state writes nothing.
 *
 * @throws JaridaError `NOT_FOUND` (article or revision); `FORBIDDEN` unless
 *   the actor may edit the article; `VALIDATION` when the revision's category
 *   no longer exists; `CONFLICT` when `options.expected_revision` is stale.
 */
export async function restoreRevision(deps: WorkflowDeps, actor: Actor, id: number, number: number, options: SaveOptions = {}): Promise<RestoredArticle> {
  let missing: MissingMedia = { featured_image: false, body_images: 0 };
  const saved = await runSave(deps, async (repos) => {
    const { article, revision: latest } = await loadForChange(repos, id, options.expected_revision);
    assertCanEdit(actor, article);
    const revision = await repos.revisions.get(id, number);
    if (!revision) throw notFound(`article ${id} has no revision ${number}`, { article_id: id, revision: number });
    const before = await snapshotOf(repos, article);
    // Checked in the restore's transaction: an image cannot be deleted between the check and the save.
    const present = await withoutMissingMedia(repos, { ...revision.snapshot, body: sanitizeBody(revision.snapshot.body) });
    missing = present.missing;
    const restored = await snapshotForRestore(repos, article, present.snapshot);
    const next = { ...restored.snapshot, status: before.status, published_at: before.published_at };
    return saveSnapshot(repos, deps, actor, { article, before, next, latest, action: 'restore', restored_from: number, tags: restored.tags });
  });
  return { ...saved, missing_media: missing };
}
