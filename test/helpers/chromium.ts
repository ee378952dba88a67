import { existsSync } from 'node:fs';
import { type Browser, type LaunchOptions, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium fonts-noto-core`); playwright cannot download browsers here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that work with Debian's Chromium in a container (see docs/stack-notes.md of the shared folder). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether browser tests can run. Returns `true` when Chromium is installed,
 * else the message to pass as `skip` to node:test (a string skips with that reason).
 */
export function chromiumAvailable(): true | string {
  return existsSync(CHROMIUM_PATH)
    ? true
    : `${CHROMIUM_PATH} is missing: install Debian's chromium and fonts-noto-core (apt-get install chromium fonts-noto-core) to run browser tests`;
}

/** Launches headless Debian Chromium through playwright-core. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ ...options, executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] });
}
