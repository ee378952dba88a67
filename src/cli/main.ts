import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { isJaridaError, OPERATOR_ERRORS } from '../core/errors.ts';
import { startServer } from '../server.ts';
import { type CommandIO, importCommand } from './import-command.ts';
import { reindexCommand } from './reindex-command.ts';
import { sourceCommand } from './source-command.ts';
import { userCommand } from './user-command.ts';
import { wordpressCommand } from './wordpress-command.ts';

const USAGE = `usage: jarida <command>

commands:
  serve [--port N] [--host H]  start the site (default)
  import <file or folder>...  import plain-text pages, ANT documents, JSONL(.gz)
  import-wordpress <export.xml> [--uploads DIR] [--time-zone ZONE]
                              import a WordPress export (WXR)
  reindex                     rebuild the search index and read-also lists
  user add --role R <email>   create a newsroom account (asks the password)
  user reset-password <email> set a new password (ends the user's sessions)
  user list                   list accounts
  source add|edit|list|remove|poll|errors|joined|split
                              feed sources (see jarida source)
  help                        this text

configuration: jarida.config.json in the working directory, then PORT, HOST,
JARIDA_DATA_DIR in the environment.`;

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit
 * code: 0 done, 1 failed (message printed), 2 usage error.
 */
export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  try {
    switch (command) {
      case 'serve': {
        const { values } = parseArgs({ args: [...rest], options: { port: { type: 'string' }, host: { type: 'string' } } });
        const overrides: Record<string, unknown> = {};
        if (values.port !== undefined) overrides.port = values.port;
        if (values.host !== undefined) overrides.host = values.host;
        const config = loadConfig({ overrides });
        const address = await startServer(config);
        io.out(`jarida: site at ${address} (data in ${config.dataDir})`);
        return 0;
      }
      case 'import': {
        const { positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: {} });
        if (positionals.length === 0) {
          io.err('jarida import: name at least one file or folder');
          return 2;
        }
        const report = await importCommand(loadConfig(), positionals, io);
        // Nothing usable at all (only failures, or no files found) is a failed run.
        return report.imported + report.duplicate === 0 ? 1 : 0;
      }
      case 'import-wordpress': {
        const { positionals, values } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: { uploads: { type: 'string' }, 'time-zone': { type: 'string' } },
        });
        if (positionals.length !== 1 || positionals[0] === undefined) {
          io.err('jarida import-wordpress: name one WordPress export file (WXR)');
          return 2;
        }
        const report = await wordpressCommand(loadConfig(), positionals[0], { uploads: values.uploads, timeZone: values['time-zone'] }, io);
        return report.failed > 0 && report.imported + report.duplicate === 0 ? 1 : 0;
      }
      case 'reindex': {
        parseArgs({ args: [...rest], options: {} });
        await reindexCommand(loadConfig(), io);
        return 0;
      }
      case 'source':
        return await sourceCommand(loadConfig(), rest, io);
      case 'user':
        return await userCommand(loadConfig(), rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        io.err(`jarida: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (isJaridaError(err) && (err.expose || OPERATOR_ERRORS.includes(err.kind))) {
      io.err(`jarida: ${err.message}`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS_')) {
      io.err(`jarida: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    // A bug, not an operator mistake: say so plainly; the stack only on request.
    io.err(`jarida: unexpected error: ${(err as Error).message ?? String(err)}`);
    if (process.env.JARIDA_DEBUG) io.err((err as Error).stack ?? '');
    else io.err('jarida: run again with JARIDA_DEBUG=1 for the stack trace, and report it');
    return 1;
  }
}
