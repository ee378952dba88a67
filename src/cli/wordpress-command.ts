import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { invalid } from '../core/errors.ts';
import { isTimeZone } from '../core/time-zone.ts';
import { ensureDefaultSite, loadSite } from '../content/use-cases/site.ts';
import { importWordpress, type WxrImportReport } from '../ingest/wxr-import.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { CommandIO } from './import-command.ts';

/** Options of `jarida import-wordpress`. */
export interface WordpressCommandOptions {
  /** A copy of the old site's `wp-content/uploads` folder. */
  uploads?: string | undefined;
  /** IANA zone of local dates without a GMT twin (drafts); the site's zone by default. */
  timeZone?: string | undefined;
}

/**
 * `jarida import-wordpress <export.xml> [--uploads DIR] [--time-zone ZONE]`:
 * imports a WordPress export (see `ingest/wxr-import.ts`), draws a progress
 * bar on a terminal, prints a summary and writes the full report as JSON
 * under `<dataDir>/import-reports/`. Returns the report.
 *
 * @throws JaridaError `VALIDATION` for an unknown time zone; `UNSAFE_XML` or
 *   `IMPORT_FILE_UNREADABLE` for a file refused before anything is written.
 */
export async function wordpressCommand(config: Config, file: string, options: WordpressCommandOptions, io: CommandIO): Promise<WxrImportReport> {
  if (options.timeZone !== undefined && !isTimeZone(options.timeZone)) throw invalid(`--time-zone: unknown time zone ${JSON.stringify(options.timeZone)}`);
  const store = await openSqliteStore(config.dbFile);
  try {
    await ensureDefaultSite(store, systemClock);
    const { settings } = await loadSite(store);
    const bar = io.tty
      ? new cliProgress.SingleBar({ format: 'WordPress: {bar} {value}/{total} items — imported {imported}, duplicate {duplicate}, skipped {skipped}, failed {failed}', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    let started = false;
    const report = await importWordpress(store, systemClock, file, {
      timeZone: options.timeZone ?? settings.time_zone,
      uploadsDir: options.uploads,
      uploadsTarget: join(config.dataDir, 'uploads'),
      publicUrl: config.publicUrl,
      search: store.search,
      onProgress: (done, total, r) => {
        if (!bar) return;
        const counts = { imported: r.imported, duplicate: r.duplicate, skipped: r.skipped, failed: r.failed };
        if (!started) {
          bar.start(total, 0, counts);
          started = true;
        }
        if (done % 20 === 0 || done === total) bar.update(done, counts);
      },
    });
    if (started) bar?.stop();

    const dir = join(config.dataDir, 'import-reports');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `wordpress-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);

    io.out(`imported: ${report.imported}, duplicate: ${report.duplicate}, skipped: ${report.skipped}, failed: ${report.failed}`);
    io.out(`categories created: ${report.categories_created}, redirects added: ${report.redirects_added}${options.uploads ? `, files copied: ${report.files_copied}, earlier imports relinked to copied files: ${report.articles_relinked}` : ''}`);
    for (const [reason, n] of Object.entries(report.skipped_by_reason)) io.err(`skipped: ${n} × ${reason}`);
    for (const f of report.failures.slice(0, 20)) io.err(`failed: ${f.origin}: ${f.reason}`);
    if (report.failures.length > 20) io.err(`… and ${report.failures.length - 20} more failures`);
    if (report.files_missing.length > 0) io.err(`missing files: ${report.files_missing.length} attachment files are not in ${options.uploads} (see the report)`);
    if (report.flagged.length > 0) io.err(`flagged: ${report.flagged.length} items imported with warnings (see the report)`);
    io.out(`report: ${path}`);
    return report;
  } finally {
    await store.close();
  }
}
