// A large WordPress import (`npm run bench:wxr-large -- [--size 1GB] [--keep]`),
// not part of `npm run bench`: it takes many minutes at the default size.
//
// 1. Writes a synthetic WXR 1.2 export of the given size (default 1 GiB) to a
//    temp folder: posts (published, drafts, scheduled, pending, private,
//    trashed), pages, a category hierarchy, tags, attachments with featured
//    images, captions and galleries, block comments and comments, with
//    percent-encoded Arabic slugs. The Arabic text is generated from a word
//    list written for this script (no corpus text); a seeded generator makes
//    the same file every run.
// 2. Imports it in a child process into a temp SQLite file through the CLI's
//    code path (`wordpressCommand`, as `jarida import-wordpress` runs it), so
//    the child's peak RSS is the import's alone.
// 3. Prints items/s, peak RSS, peak RSS / RSS after start-up, RSS over time
//    and the import report.
//
// Benchmarks print; they never fail on speed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { formatTable, num, ratio } from './table.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MB = 1024 * 1024;

/** What the child reports on its last line of output. */
interface ChildResult {
  ms: number;
  startupRss: number;
  peakRss: number;
  /** RSS samples, one a second: [seconds since start, bytes]. */
  samples: Array<[number, number]>;
  report: {
    imported: number;
    duplicate: number;
    failed: number;
    skipped: number;
    skipped_by_reason: Record<string, number>;
    failures: Array<{ origin: string; reason: string }>;
    flagged: unknown[];
    categories_created: number;
    redirects_added: number;
  };
  out: string[];
}

// ---------------------------------------------------------------- the export

/** Mulberry32: a small seeded generator, so every run writes the same file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'الحكومة الوزير المدينة البلدية المجلس الشعب الاقتصاد السوق الأسعار النفط الكهرباء المياه الطريق الجسر المدرسة الجامعة الطلاب ' +
  'المستشفى الأطباء الصحة الدواء المرضى الشرطة الأمن الحدود الجيش الانتخابات البرلمان النواب القانون المحكمة القاضي العدالة ' +
  'المواطنين السكان الحي القرية الساحل الجنوب الشمال الشرق الغرب العاصمة الميناء المطار الرحلات السياحة الفنادق المهرجان ' +
  'المسرح السينما الكتاب المعرض الثقافة الفن الموسيقى الرياضة المنتخب الفريق المباراة الملعب البطولة الهدف المدرب اللاعبين ' +
  'الزراعة المزارعين القمح الزيتون الحصاد الأمطار الطقس الحرارة الرياح البحر الصيد البيئة النفايات الطاقة الشمس المصنع ' +
  'العمال الرواتب الضرائب الميزانية المصرف القرض الاستثمار الشركات التجارة الصادرات الواردات العملة التضخم البطالة الشباب ' +
  'النساء الأطفال الأسر المساعدات المنظمة الدولية السفير الزيارة الاجتماع المؤتمر الاتفاق المفاوضات البيان التقرير الدراسة ' +
  'قال أعلن أكد أوضح أشار أضاف كشف دعا طالب قرر افتتح زار التقى بحث ناقش وقع أطلق بدأ أنهى استكمل شهد سجل ارتفع انخفض ' +
  'في من إلى على عن مع بعد قبل خلال منذ حتى بين أمام حول ضمن لدى نحو عبر وفق ' +
  'جديد كبير صغير أول آخر عام خاص محلي وطني دولي رسمي سريع مهم واسع مشترك مقبل ماضي حالي ' +
  'اليوم أمس غدا الأسبوع الشهر العام الصباح المساء الساعة مرة عدد نسبة مليون ألف مئة'
).split(' ');

const STATUSES: ReadonlyArray<[string, number]> = [['publish', 0.85], ['draft', 0.05], ['future', 0.03], ['pending', 0.03], ['private', 0.02], ['trash', 0.02]];

function cdata(s: string): string {
  return `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function xmlText(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

class Generator {
  private readonly r = rng(20_250_101);
  private nextId = 10;
  private readonly categories: Array<{ slug: string; name: string; parent: string }> = [];
  private readonly tags: Array<{ slug: string; name: string }> = [];
  readonly counts = { post: 0, page: 0, attachment: 0, comment: 0 };
  private readonly site = 'https://old.example.org';

  constructor() {
    for (let i = 0; i < 12; i++) {
      const name = `${this.words(1, 2)} ${i + 1}`;
      const slug = encodeURIComponent(name.replace(/\s+/gu, '-'));
      this.categories.push({ slug, name, parent: '' });
      for (let j = 0; j < 4; j++) {
        const child = `${this.words(1, 2)} ${i + 1}-${j + 1}`;
        this.categories.push({ slug: encodeURIComponent(child.replace(/\s+/gu, '-')), name: child, parent: slug });
      }
    }
    for (let i = 0; i < 3000; i++) {
      const name = `${this.words(1, 2)} ${i}`;
      this.tags.push({ slug: encodeURIComponent(name.replace(/\s+/gu, '-')), name });
    }
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.r() * list.length)] as T;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.r() * (max - min + 1));
  }

  private words(min: number, max: number): string {
    return Array.from({ length: this.int(min, max) }, () => this.pick(WORDS)).join(' ');
  }

  private sentence(): string {
    return `${this.words(8, 22)}${this.pick(['.', '.', '.', '،', '؟'])}`;
  }

  private date(): { local: string; gmt: string } {
    const t = Date.UTC(2012, 0, 1) + Math.floor(this.r() * 13 * 365 * 86_400) * 1000;
    const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    return { local: fmt(t + 2 * 3_600_000), gmt: fmt(t) };
  }

  head(): string {
    const cats = this.categories
      .map((c, i) => `<wp:category><wp:term_id>${i + 1}</wp:term_id><wp:category_nicename>${c.slug}</wp:category_nicename><wp:category_parent>${c.parent}</wp:category_parent><wp:cat_name>${cdata(c.name)}</wp:cat_name></wp:category>`)
      .join('\n');
    const tags = this.tags
      .map((t, i) => `<wp:tag><wp:term_id>${1000 + i}</wp:term_id><wp:tag_slug>${t.slug}</wp:tag_slug><wp:tag_name>${cdata(t.name)}</wp:tag_name></wp:tag>`)
      .join('\n');
    const authors = Array.from({ length: 5 }, (_, i) => `<wp:author><wp:author_id>${i + 1}</wp:author_id><wp:author_login>${cdata(`writer${i + 1}`)}</wp:author_login><wp:author_display_name>${cdata(this.words(2, 3))}</wp:author_display_name></wp:author>`).join('\n');
    return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>موقع تجريبي كبير</title>
<link>${this.site}</link>
<description>تصدير مولد لقياس الاستيراد</description>
<language>ar</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${this.site}</wp:base_site_url>
<wp:base_blog_url>${this.site}</wp:base_blog_url>
${authors}
${cats}
${tags}
`;
  }

  tail(): string {
    return '</channel>\n</rss>\n';
  }

  private attachment(parent: number): { id: number; url: string; xml: string } {
    const id = this.nextId++;
    const d = this.date();
    const file = `${d.gmt.slice(0, 4)}/${d.gmt.slice(5, 7)}/photo-${id}.jpg`;
    const url = `${this.site}/wp-content/uploads/${file}`;
    this.counts.attachment++;
    const xml = `<item><title>${xmlText(this.words(2, 4))}</title><link>${this.site}/?attachment_id=${id}</link><pubDate>${new Date(`${d.gmt}Z`).toUTCString()}</pubDate><dc:creator>${cdata('writer1')}</dc:creator><guid isPermaLink="false">${url}</guid><description></description><content:encoded>${cdata('')}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded><wp:post_id>${id}</wp:post_id><wp:post_date>${cdata(d.local)}</wp:post_date><wp:post_date_gmt>${cdata(d.gmt)}</wp:post_date_gmt><wp:post_name>${cdata(`photo-${id}`)}</wp:post_name><wp:status>${cdata('inherit')}</wp:status><wp:post_parent>${parent}</wp:post_parent><wp:post_type>${cdata('attachment')}</wp:post_type><wp:attachment_url>${cdata(url)}</wp:attachment_url><wp:postmeta><wp:meta_key>${cdata('_wp_attached_file')}</wp:meta_key><wp:meta_value>${cdata(file)}</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>${cdata('_wp_attachment_image_alt')}</wp:meta_key><wp:meta_value>${cdata(this.words(3, 6))}</wp:meta_value></wp:postmeta></item>\n`;
    return { id, url, xml };
  }

  /** The next item (a post or page, preceded by its attachments). */
  next(): string {
    const page = this.r() < 0.05;
    const id = this.nextId++;
    const pics = page ? [] : Array.from({ length: this.r() < 0.6 ? this.int(1, 3) : 0 }, () => this.attachment(id));
    const paragraphs: string[] = [];
    const n = this.int(4, 14);
    for (let i = 0; i < n; i++) {
      const p = Array.from({ length: this.int(2, 5) }, () => this.sentence()).join(' ');
      const roll = this.r();
      if (roll < 0.1) paragraphs.push(`<!-- wp:heading -->\n<h2>${this.words(3, 7)}</h2>\n<!-- /wp:heading -->`);
      if (roll < 0.5) paragraphs.push(`<!-- wp:paragraph -->\n<p>${p}</p>\n<!-- /wp:paragraph -->`);
      else paragraphs.push(p);
      if (i === 1 && pics[0]) paragraphs.push(`[caption id="attachment_${pics[0].id}" align="aligncenter" width="800"]<img src="${pics[0].url}" alt="" width="800" height="533" /> ${this.words(4, 9)}[/caption]`);
      if (i === 3 && pics.length > 1) paragraphs.push(`[gallery ids="${pics.map((p) => p.id).join(',')}"]`);
    }
    const title = this.words(4, 10);
    const slug = encodeURIComponent(`${title.split(' ').slice(0, 5).join('-')}-${id}`);
    const d = this.date();
    const status = (() => {
      let roll = this.r();
      for (const [s, p] of STATUSES) {
        if (roll < p) return s;
        roll -= p;
      }
      return 'publish';
    })();
    const cats = page ? [] : Array.from({ length: this.r() < 0.8 ? 1 : 2 }, () => this.pick(this.categories));
    const tags = page ? [] : Array.from({ length: this.int(0, 4) }, () => this.pick(this.tags));
    const terms = [
      ...cats.map((c) => `<category domain="category" nicename="${c.slug}">${cdata(c.name)}</category>`),
      ...tags.map((t) => `<category domain="post_tag" nicename="${t.slug}">${cdata(t.name)}</category>`),
    ].join('');
    const meta = pics[0] ? `<wp:postmeta><wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>${cdata(String(pics[0].id))}</wp:meta_value></wp:postmeta>` : '';
    const comments = this.r() < 0.2 ? Array.from({ length: this.int(1, 3) }, (_, i) => {
      this.counts.comment++;
      return `<wp:comment><wp:comment_id>${id * 10 + i}</wp:comment_id><wp:comment_author>${cdata(this.words(1, 2))}</wp:comment_author><wp:comment_date>${cdata(d.local)}</wp:comment_date><wp:comment_content>${cdata(this.sentence())}</wp:comment_content><wp:comment_approved>${cdata('1')}</wp:comment_approved></wp:comment>`;
    }).join('') : '';
    const link = page ? `${this.site}/${slug}/` : `${this.site}/${d.local.slice(0, 10).replaceAll('-', '/')}/${slug}/`;
    const gmt = status === 'draft' || status === 'pending' ? '0000-00-00 00:00:00' : d.gmt;
    this.counts[page ? 'page' : 'post']++;
    return `${pics.map((p) => p.xml).join('')}<item><title>${xmlText(title)}</title><link>${link}</link><pubDate>${new Date(`${d.gmt}Z`).toUTCString()}</pubDate><dc:creator>${cdata(`writer${this.int(1, 5)}`)}</dc:creator><guid isPermaLink="false">${this.site}/?p=${id}</guid><description></description><content:encoded>${cdata(paragraphs.join('\n\n'))}</content:encoded><excerpt:encoded>${cdata(this.r() < 0.3 ? this.sentence() : '')}</excerpt:encoded><wp:post_id>${id}</wp:post_id><wp:post_date>${cdata(d.local)}</wp:post_date><wp:post_date_gmt>${cdata(gmt)}</wp:post_date_gmt><wp:comment_status>${cdata('open')}</wp:comment_status><wp:post_name>${cdata(slug)}</wp:post_name><wp:status>${cdata(status)}</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>${cdata(page ? 'page' : 'post')}</wp:post_type>${terms}${meta}${comments}</item>\n`;
  }
}

/** Writes an export of about `bytes` bytes (it stops after the item that crosses the size). */
export async function writeExport(path: string, bytes: number): Promise<Generator['counts']> {
  const gen = new Generator();
  const out = createWriteStream(path);
  let written = 0;
  const write = async (s: string) => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(gen.head());
  while (written < bytes) await write(gen.next());
  await write(gen.tail());
  out.end();
  await once(out, 'finish');
  return gen.counts;
}

// ---------------------------------------------------------------- the import (child)

async function importChild(file: string, dataDir: string): Promise<void> {
  // Loaded here, not at the top: the parent never needs them, and start-up RSS is measured after them.
  const { loadConfig } = await import('../src/config.ts');
  const { wordpressCommand } = await import('../src/cli/wordpress-command.ts');
  const startupRss = process.memoryUsage().rss;
  const config = loadConfig({ cwd: dataDir, env: {}, overrides: { dataDir, logLevel: 'silent' } });
  const samples: Array<[number, number]> = [];
  const start = performance.now();
  let peak = startupRss;
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    samples.push([Math.round((performance.now() - start) / 1000), rss]);
  }, 1000);
  const out: string[] = [];
  const report = await wordpressCommand(config, file, {}, { out: (l) => out.push(l), err: (l) => out.push(l), tty: false });
  const ms = performance.now() - start;
  clearInterval(timer);
  // The kernel's high-water mark also catches peaks between two samples.
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  const result: ChildResult = { ms, startupRss, peakRss: peak, samples, report: { ...report, failures: report.failures.slice(0, 5), flagged: [] }, out };
  (result.report as { flagged_count?: number }).flagged_count = report.flagged.length;
  console.log(JSON.stringify(result));
}

// ---------------------------------------------------------------- main (parent)

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(k|m|g)?i?b?$/iu.exec(s.trim());
  if (!m) throw new Error(`--size: not a size: ${s} (e.g. 1GB, 200MB)`);
  const unit = { k: 1024, m: MB, g: 1024 * MB }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--import-only') return importChild(args[1] as string, args[2] as string);
  const sizeArg = args.indexOf('--size');
  const size = parseSize(sizeArg >= 0 ? (args[sizeArg + 1] ?? '') : '1GB');
  const keep = args.includes('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'jarida-wxr-large-'));
  try {
    const file = join(dir, 'export.xml');
    console.log(`# WordPress import of a ${num(size / MB)} MB export — node ${process.version}, ${new Date().toISOString()}`);
    let t = performance.now();
    const counts = await writeExport(file, size);
    const fileSize = statSync(file).size;
    console.log(`export: ${file}, ${num(fileSize / MB, 1)} MB written in ${num((performance.now() - t) / 1000, 1)} s: ${num(counts.post)} posts, ${num(counts.page)} pages, ${num(counts.attachment)} attachments, ${num(counts.comment)} comments, 60 categories (12 with 4 children each), 3,000 tags`);

    t = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--import-only', file, join(dir, 'data')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => (stdout += c));
    const [code] = (await once(child, 'close')) as [number | null];
    if (code !== 0) throw new Error(`the import child exited with ${code}: ${stdout.slice(-2000)}`);
    const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
    const items = counts.post + counts.page + counts.attachment;
    console.log(
      formatTable(
        ['file', 'items', 'time', 'items/s', 'MB/s', 'RSS after start-up', 'peak RSS', 'peak / start-up'],
        [[`${num(fileSize / MB)} MB`, num(items), `${num(r.ms / 1000, 1)} s`, num(items / (r.ms / 1000)), num(fileSize / MB / (r.ms / 1000), 2), `${num(r.startupRss / MB)} MB`, `${num(r.peakRss / MB)} MB`, ratio(r.peakRss, r.startupRss)]],
      ),
    );
    const step = Math.max(1, Math.ceil(r.samples.length / 12));
    const timeline = r.samples.filter((_, i) => i % step === 0 || i === r.samples.length - 1);
    console.log(`RSS over time: ${timeline.map(([s, b]) => `${s}s ${num(b / MB)} MB`).join(', ')}`);
    console.log(`the whole run took ${num((performance.now() - t) / 1000, 1)} s in the child (both passes, then read-also lists)`);
    console.log('import report:');
    for (const line of r.out.filter((l) => !l.startsWith('report:'))) console.log(`  ${line}`);
    console.log(`  imported ${num(r.report.imported)}, duplicate ${num(r.report.duplicate)}, skipped ${num(r.report.skipped)}, failed ${num(r.report.failed)}, flagged ${num((r.report as { flagged_count?: number }).flagged_count ?? 0)}`);
    for (const f of r.report.failures) console.log(`  failure: ${f.origin}: ${f.reason}`);
    if (keep) console.log(`kept: ${dir}`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

// Run only as a script: `writeExport` may be imported by other benchmarks.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === SELF) await main();
