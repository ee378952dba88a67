import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small feed file of `test/fixtures/feeds/`. */
export function feedFixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
}

/** A feed server on 127.0.0.1 (the only address tests reach): answers with ETags and 304s like a real one. */
export interface FeedServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Serves `body` at `path`; a number is an error status to answer with. */
  set(path: string, body: Buffer | string | number, type?: string): void;
  close(): Promise<void>;
}

/** Starts a {@link FeedServer} on a free loopback port. */
export async function startFeedServer(): Promise<FeedServer> {
  const files = new Map<string, { body: Buffer | number; type: string }>();
  const server: Server = createServer((req, res) => {
    const file = files.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!file) return void res.writeHead(404).end();
    if (typeof file.body === 'number') return void res.writeHead(file.body).end('down');
    const etag = `"${createHash('sha1').update(file.body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': file.type, etag }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(path, body, type = 'application/rss+xml; charset=utf-8') {
      files.set(path, { body: typeof body === 'string' ? Buffer.from(body) : body, type });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
