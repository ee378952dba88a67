import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JaridaError } from '../core/errors.ts';

/** Name of the file in the data folder that keeps the generated session secret. */
export const SESSION_SECRET_FILE = 'session-secret';

/**
 * The key that signs session and CSRF cookies: `configured` when set
 * (`sessionSecret`, `JARIDA_SESSION_SECRET`), else the one kept in
 * `<dataDir>/session-secret`, generated on first start (48 random bytes,
 * base64url; file mode 0600, created exclusively so that two processes
 * starting together keep one key). There is no built-in default: a shared
 * default would let anyone forge sessions.
 *
 * @throws JaridaError `CONFIG_INVALID` when the file exists but is shorter than 32
 *   characters, or is readable by other users (it is then refused, not used).
 */
export function sessionSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, SESSION_SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new JaridaError('CONFIG_INVALID', `${file} is readable by other users: run chmod 600 ${file}`, { file });
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new JaridaError('CONFIG_INVALID', `${file} holds fewer than 32 characters: delete it to generate a new one`, { file });
  return secret;
}

