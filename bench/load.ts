// Load generator of the page-serving benchmark, run as a child process by
// bench/run.ts so that autocannon does not share the server's event loop.
// Usage: node --import tsx bench/load.ts '<LoadOptions as JSON>'
// Prints one line of JSON (LoadResult) on stdout.
import { createRequire } from 'node:module';

/** What bench/run.ts asks for. */
export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
}

/** What the child reports (latencies in milliseconds, autocannon's 1 ms resolution). */
export interface LoadResult {
  requests: number;
  reqPerSec: number;
  latencyMean: number;
  latencyP50: number;
  latencyP99: number;
  bytesPerSec: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  total: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: { url: string; connections: number; duration: number; pipelining: number }) => Promise<AutocannonResult>;

// autocannon ships no type declarations.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: load.ts <options JSON>');
  const options = JSON.parse(raw) as LoadOptions;
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1' && url.hostname !== '[::1]' && url.hostname !== 'localhost') {
    throw new Error(`refusing to load a non-loopback address: ${options.url}`);
  }
  const r = await autocannon({ url: options.url, connections: options.connections, duration: options.duration, pipelining: 1 });
  const result: LoadResult = {
    requests: r.requests.total,
    reqPerSec: r.requests.average,
    latencyMean: r.latency.average,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    bytesPerSec: r.throughput.average,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
