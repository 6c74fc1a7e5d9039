/** Where the queue lives: a Redis URL (redis://[user:password@]HOST:PORT/DB, rediss:// for TLS), checked early. */
import type { RedisOptions } from 'ioredis';
import { Redis } from 'ioredis';
import type { StringFlag } from '../args';
import { UsageError } from '../args';
import { EXIT, ExitError } from '../exit';

export const queueFlag = {
  kind: 'string',
  placeholder: 'URL',
  help: 'Redis of the sweep queue, e.g. redis://HOST:6379/0 (Redis ≥ 6.2)',
} as const satisfies StringFlag;

export const queueNameFlag = {
  kind: 'string',
  placeholder: 'NAME',
  default: 'act-sweep',
  help: 'Queue name: one sweep at a time per name',
} as const satisfies StringFlag;

const MIN_REDIS = [6, 2];

/** Options for BullMQ's connections; maxRetriesPerRequest null: commands wait while Redis restarts. */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--queue needs a Redis URL like redis://HOST:6379/0, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UsageError(`--queue needs a redis:// or rediss:// URL, got "${url}"`);
  const db = parsed.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(db)) throw new UsageError(`the database in a Redis URL is a number (redis://HOST:PORT/DB), got "${db}" in "${url}"`);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db: db === '' ? 0 : Number(db),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL as messages show it: without a password. */
export function displayUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : auth}@`);
}

/** Fails fast (ExitError, EXIT.redisUnreachable) when Redis cannot be reached or is older than 6.2. */
export async function checkRedis(url: string): Promise<void> {
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // connect() rejects with a bare "Connection is closed"; the reason (ECONNREFUSED, ENOTFOUND, …) comes as an event.
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    const version = /redis_version:([\d.]+)/.exec(await client.info('server'))?.[1] ?? '0';
    const [major, minor] = version.split('.').map(Number);
    if (major < MIN_REDIS[0] || (major === MIN_REDIS[0] && minor < MIN_REDIS[1])) {
      throw new Error(`it runs Redis ${version}; the queue needs Redis ≥ ${MIN_REDIS.join('.')}`);
    }
  } catch (error) {
    const reason = (cause ?? (error as Error)).message || String(error);
    throw new ExitError(`cannot use Redis at ${displayUrl(url)}: ${reason}`, EXIT.redisUnreachable);
  } finally {
    client.disconnect();
  }
}
