import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { isJaridaError } from '../core/errors.ts';
import { startServer } from '../server.ts';
import { type CommandIO, importCommand } from './import-command.ts';

const USAGE = `usage: jarida <command>

commands:
  serve                       start the site (default)
  import <file or folder>...  import plain-text pages, ANT documents, JSONL(.gz)
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
        const config = loadConfig();
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
        return report.failed > 0 && report.imported + report.duplicate === 0 ? 1 : 0;
      }
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
    if (isJaridaError(err) && (err.expose || err.kind === 'CONFIG_INVALID')) {
      io.err(`jarida: ${err.message}`);
      return 1;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      io.err(`jarida: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
