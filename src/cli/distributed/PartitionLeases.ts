// Who works on which partition of a distributed run: a lease per partition, a key holding the
// process's token with an expiry (SET NX PX), renewed every third of the lease on a connection
// of its own (the main connection's WATCH must not see these writes, and a renewal must not
// wait behind a large commit). A process that stops renewing (killed, frozen, cut off) loses
// its partitions when the lease expires; another process then takes them over. Safety does not
// rest on the lease: a level is committed once whoever commits it (see runDistributedSearch).
import type { Redis } from 'ioredis';
import type { RunKeys } from './runKeys.ts';
import type { SentBytes } from './connectRedis.ts';

/** Renews a lease only while it is still this process's (another may hold it since it expired). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Notes this process alive at Redis time (ms), and counts the processes seen alive within the last lease period. */
const ALIVE = `local t = redis.call('time'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('zadd', KEYS[1], now, ARGV[1])
return redis.call('zcount', KEYS[1], now - tonumber(ARGV[2]), '+inf')`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class PartitionLeases {
  private readonly held = new Set<number>();
  private readonly lostOnes = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Redis,
    private readonly keys: RunKeys,
    readonly token: string,
    private readonly leaseMs: number,
    private readonly sent: SentBytes,
  ) {}

  /** Processes seen alive within the last lease period, this one included (as of the last heartbeat). */
  alive = 1;

  /** Starts renewing the leases held, and this process's heartbeat. */
  async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
  }

  /** How many partitions of `partitions` are this process's fair share among those alive. */
  share(partitions: number): number {
    return Math.ceil(partitions / Math.max(1, this.alive));
  }

  private async heartbeat(): Promise<void> {
    this.sent.add('EVAL', ALIVE, this.keys.alive, this.token, this.leaseMs);
    this.alive = Number(await this.client.eval(ALIVE, 1, this.keys.alive, this.token, this.leaseMs));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Takes partition p's lease when nobody holds it. */
  async claim(p: number): Promise<boolean> {
    this.sent.add('SET', this.keys.lease(p), this.token, 'PX', this.leaseMs, 'NX');
    const ok = (await this.client.set(this.keys.lease(p), this.token, 'PX', this.leaseMs, 'NX')) === 'OK';
    if (ok) {
      this.held.add(p);
      this.lostOnes.delete(p);
    }
    return ok;
  }

  /** Whether partition p's lease was found expired or held by another process since it was claimed. */
  lost(p: number): boolean {
    return this.lostOnes.has(p);
  }

  /** Gives partition p up (its lease is deleted when still this process's, so another may take it at once). */
  async release(p: number): Promise<void> {
    this.held.delete(p);
    this.sent.add('EVAL', RELEASE, this.keys.lease(p), this.token);
    await this.client.eval(RELEASE, 1, this.keys.lease(p), this.token);
  }

  private async renew(): Promise<void> {
    try {
      await this.heartbeat();
      await Promise.all(
        [...this.held].map(async (p) => {
          this.sent.add('EVAL', RENEW, this.keys.lease(p), this.token, this.leaseMs);
          const kept = (await this.client.eval(RENEW, 1, this.keys.lease(p), this.token, this.leaseMs)) === 1;
          if (!kept) {
            this.held.delete(p);
            this.lostOnes.add(p);
          }
        }),
      );
    } catch {
      // a lost connection: the main connection's next command fails and says so
    }
  }
}
