import { parseArgs } from 'node:util';
import { read } from 'read';
import type { Config } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { invalid } from '../core/errors.ts';
import { MIN_PASSWORD_LENGTH } from '../content/passwords.ts';
import { ROLES } from '../content/roles.ts';
import { ensureDefaultSite } from '../content/use-cases/site.ts';
import { createUser, listUsers, setPassword, userByEmail } from '../content/use-cases/users.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { CommandIO } from './import-command.ts';

/** Usage of `jarida user`. */
export const USER_USAGE = `usage:
  jarida user add --role <role> [--name <display name>] <email>
  jarida user reset-password <email>
  jarida user list

roles: ${ROLES.join(', ')}
The password is asked twice without echo on a terminal; otherwise the first
line of standard input is the password (for scripts). At least
${MIN_PASSWORD_LENGTH} characters; common passwords are refused.`;

/** Where passwords come from: a terminal (asked without echo) or a pipe (first line). */
export type PasswordInput = NodeJS.ReadableStream & { isTTY?: boolean };

/** The first line of a non-terminal input, without its line ending. */
async function firstLine(input: PasswordInput): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/u)[0] ?? '';
}

/**
 * Reads a new password: on a terminal, asked twice without echo (on
 * standard error, so standard output stays clean); otherwise the first line
 * of `input`.
 * @throws JaridaError `VALIDATION` when the two entries differ or nothing was given.
 */
export async function readNewPassword(input: PasswordInput): Promise<string> {
  if (!input.isTTY) {
    const password = await firstLine(input);
    if (password === '') throw invalid('no password on standard input (give it as the first line)');
    return password;
  }
  const ask = (prompt: string) => read({ prompt, silent: true, replace: '', input, output: process.stderr });
  const first = await ask('password: ');
  const second = await ask('password again: ');
  if (first !== second) throw invalid('the two passwords differ');
  if (first === '') throw invalid('no password given');
  return first;
}

/**
 * `jarida user …`: creates a user (the first administrator comes from here:
 * jarida has no default account or password), sets a new password (which
 * ends the user's sessions), or lists users. Returns the exit code: 0 done,
 * 2 usage error; other failures throw (JaridaError messages are printed by
 * `main`).
 */
export async function userCommand(config: Config, argv: readonly string[], io: CommandIO, input: PasswordInput = process.stdin): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' } },
  });
  const usage = (problem: string) => {
    io.err(`jarida user: ${problem}\n\n${USER_USAGE}`);
    return 2;
  };
  if (sub !== 'add' && sub !== 'reset-password' && sub !== 'list') return usage(sub === undefined ? 'name a subcommand' : `unknown subcommand ${JSON.stringify(sub)}`);
  if (sub === 'list' ? positionals.length !== 0 : positionals.length !== 1) return usage(sub === 'list' ? 'list takes no email' : 'name exactly one email');
  if (sub !== 'add' && (values.role !== undefined || values.name !== undefined)) return usage(`--role and --name belong to "user add"`);
  if (sub === 'add' && values.role === undefined) return usage(`"user add" needs --role (${ROLES.join(', ')})`);

  const store = await openSqliteStore(config.dbFile);
  try {
    await ensureDefaultSite(store, systemClock);
    const email = positionals[0] ?? '';
    if (sub === 'list') {
      for (const u of await listUsers(store, null)) io.out(`${u.id}\t${u.email}\t${u.role}\t${u.active ? 'active' : 'deactivated'}\t${u.display_name}`);
      return 0;
    }
    if (sub === 'add') {
      const password = await readNewPassword(input);
      const user = await store.transaction((repos) => createUser(repos, systemClock, null, { email, role: values.role ?? '', display_name: values.name, password }));
      io.out(`created ${user.role} ${user.email} (user ${user.id}); sign in at /admin`);
      return 0;
    }
    const user = await userByEmail(store, email);
    const password = await readNewPassword(input);
    await store.transaction((repos) => setPassword(repos, systemClock, null, user.id, password));
    io.out(`new password set for ${user.email}; their sessions have ended`);
    return 0;
  } finally {
    await store.close();
  }
}
