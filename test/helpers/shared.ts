import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** `../shared` beside the repository (corpus and seed), or undefined when this checkout has none. */
export function sharedDir(): string | undefined {
  return existsSync(dir) ? dir : undefined;
}
