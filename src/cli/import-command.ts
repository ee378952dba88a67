import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { type Config, DEFAULT_CATEGORY_MAP, DEFAULT_SOURCE_TIME_ZONES } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { ensureDefaultSite, loadSite } from '../content/use-cases/site.ts';
import { type ImportReport, runImport } from '../ingest/import-runner.ts';
import { readSources } from '../ingest/read-sources.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';

/** Output streams of a command (the process's by default; tests capture them). */
export interface CommandIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether to draw a progress bar (a terminal). */
  tty: boolean;
}

/**
 * `jarida import <file or folder>…`: imports plain-text pages, ANT documents
 * and JSONL(.gz) files into the site, prints a summary and writes the full
 * report (every failure, unmapped category and flag) as JSON under
 * `<dataDir>/import-reports/`. Returns the report.
 */
export async function importCommand(config: Config, paths: readonly string[], io: CommandIO): Promise<ImportReport> {
  const store = await openSqliteStore(config.dbFile);
  try {
    await ensureDefaultSite(store, systemClock);
    const { settings } = await loadSite(store);
    const bar = io.tty
      ? new cliProgress.SingleBar({ format: 'importing: {value} records — imported {imported}, duplicate {duplicate}, failed {failed}', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(0, 0, { imported: 0, duplicate: 0, failed: 0 });
    let seen = 0;
    const zones = new Map(Object.entries({ ...DEFAULT_SOURCE_TIME_ZONES, ...config.import.sourceTimeZones }).map(([k, v]) => [k.toLowerCase(), v]));
    const zoneFor = (source: string | null) => (source && zones.get(source.trim().toLowerCase())) || settings.time_zone;
    const report = await runImport(
      store,
      systemClock,
      readSources(paths, zoneFor),
      {
        categoryMap: { ...DEFAULT_CATEGORY_MAP, ...config.import.categoryMap },
        fallbackCategory: config.import.fallbackCategory,
        outletNames: config.import.outletNames,
      },
      (r) => {
        seen++;
        if (bar && seen % 50 === 0) bar.update(seen, { imported: r.imported, duplicate: r.duplicate, failed: r.failed });
      },
      store.search,
    );
    bar?.update(seen, { imported: report.imported, duplicate: report.duplicate, failed: report.failed });
    bar?.stop();

    const dir = join(config.dataDir, 'import-reports');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `import-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

    io.out(`imported: ${report.imported}, duplicate: ${report.duplicate}, failed: ${report.failed}`);
    for (const f of report.failures.slice(0, 20)) io.err(`failed: ${f.origin}: ${f.reason}`);
    if (report.failures.length > 20) io.err(`… and ${report.failures.length - 20} more failures`);
    for (const [key, n] of Object.entries(report.unmapped)) {
      const [source = '', category = ''] = key.split(':');
      const what = [source ? `source ${source}` : '', category ? `category ${category}` : 'no category'].filter(Boolean).join(', ');
      io.err(`unmapped: ${what} (${n} record${n === 1 ? '' : 's'}) → ${config.import.fallbackCategory}`);
    }
    if (report.imported + report.duplicate + report.failed === 0) {
      io.err('nothing to import: no .txt, .jsonl, .jsonl.gz or ANT <DOC> files were found in the paths given');
    }
    if (report.flagged.length > 0) io.err(`flagged: ${report.flagged.length} records imported with warnings (see the report)`);
    io.out(`report: ${file}`);
    return report;
  } finally {
    await store.close();
  }
}
