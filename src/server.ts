import { createApp } from './app.tsx';
import type { Config } from './config.ts';
import { JaridaError } from './core/errors.ts';

/**
 * Starts jarida listening on `config.host:config.port` and closes it cleanly
 * on SIGINT/SIGTERM. Resolves once listening, with the address.
 *
 * @throws JaridaError `STARTUP_FAILED` naming the cause (port in use, unknown host…).
 */
export async function startServer(config: Config): Promise<string> {
  const app = await createApp(config);
  let address: string;
  try {
    address = await app.http.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use (set PORT to another port)`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `host ${JSON.stringify(config.host)} is not an address of this machine (set HOST)`
          : code === 'EACCES'
            ? `no permission to listen on port ${config.port} (ports below 1024 need privileges)`
            : (err as Error).message;
    throw new JaridaError('STARTUP_FAILED', `cannot listen on ${config.host}:${config.port}: ${why}`, {}, { cause: err });
  }
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return address;
}
