import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app.tsx';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';

const created: string[] = [];
process.once('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway directory under the OS temp dir, removed when the test process exits. */
export function tempDir(prefix = 'jarida-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Config for a test: a fresh data dir, silent logs, plus `overrides`. */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return loadConfig({ cwd: tempDir(), env: {}, overrides: { dataDir: tempDir(), logLevel: 'silent', ...overrides } });
}

/** Builds the app on a real SQLite file in a fresh temp dir; `dispose` closes it and removes the files. */
export async function testApp(options: { clock?: Clock; config?: Config } = {}): Promise<App & { config: Config; dispose: () => Promise<void> }> {
  const config = options.config ?? testConfig();
  const app = await createApp(config, options.clock ? { clock: options.clock } : {});
  return {
    ...app,
    config,
    async dispose() {
      await app.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Path of the read-only shared data folder (`../shared` beside the repo), or undefined when absent. */
export { sharedDir } from './shared.ts';
