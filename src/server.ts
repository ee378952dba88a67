import { createApp } from './app.tsx';
import type { Config } from './config.ts';

/**
 * Starts jarida listening on `config.host:config.port` and closes it cleanly
 * on SIGINT/SIGTERM. Resolves once listening, with the address.
 */
export async function startServer(config: Config): Promise<string> {
  const app = await createApp(config);
  const address = await app.http.listen({ port: config.port, host: config.host });
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return address;
}
