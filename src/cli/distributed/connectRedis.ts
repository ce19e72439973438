// The connection to the Redis server of a distributed run: the URL checked, the server reached
// at once or refused with one line (no retry loop: a worker that cannot reach Redis has nothing
// to do), and the bytes of what is sent counted.
import { Redis } from 'ioredis';
import { UsageError, shortValue } from '../../model/errors.ts';

/** Bytes of the commands' arguments sent to Redis by this process (keys and payloads). */
export class SentBytes {
  total = 0;
  add(...args: readonly (string | Buffer | number)[]): void {
    for (const a of args) this.total += typeof a === 'string' ? Buffer.byteLength(a) : typeof a === 'number' ? String(a).length : a.length;
  }
}

/** `--redis URL`: redis://[user:password@]host[:port][/db] or rediss:// (TLS). */
export function checkRedisUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`bad value ${shortValue(url)} for --redis; allowed: a URL such as redis://host:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UsageError(`bad value ${shortValue(url)} for --redis; allowed: a redis:// or rediss:// URL such as redis://host:6379`);
  if (parsed.hostname === '') throw new UsageError(`bad value ${shortValue(url)} for --redis: no host; allowed: a URL such as redis://host:6379`);
  return parsed;
}

/** A connection to `url`, established (a usage error when the server cannot be reached). */
export async function connectRedis(url: string): Promise<Redis> {
  checkRedisUrl(url);
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000, enableOfflineQueue: false });
  // failures show up as rejected commands (the 'error' event would otherwise print a stack);
  // the socket's own error (ECONNREFUSED, ENOTFOUND) says more than the closed connection's
  let socketError: Error | undefined;
  client.on('error', (e: Error) => (socketError ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new UsageError(`cannot reach the Redis server at ${parsedHost(url)}: ${(socketError ?? (error as Error)).message ?? String(error)}`);
  }
  return client;
}

/** The URL with its password, if any, hidden: what a command line shown to others holds. */
export function redactedUrl(url: string): string {
  const u = new URL(url);
  if (u.password === '') return url;
  u.password = '***';
  return u.toString();
}

/** host:port of a checked URL: what an error names (the URL may hold a password). */
function parsedHost(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '6379'}`;
}
