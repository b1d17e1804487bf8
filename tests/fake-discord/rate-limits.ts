import { createHash } from 'node:crypto';

/** A fixed-window limit: at most `limit` requests per `windowMs`. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** Limits the fake enforces once `setRateLimits` is called. Omitted parts are not enforced. */
export interface RateLimitSettings {
  /** Requests per second per bot across all routes except the interaction callback and interaction webhooks. */
  globalPerSecond?: number;
  /** One bucket per guild shared by member-role PUT and DELETE. */
  memberRolePerGuild?: WindowLimit;
  /** One bucket per route template and major id for every other route. */
  perRoute?: WindowLimit;
}

/** How a request is counted: which bucket, and whether the global limit applies. */
export interface RateLimitKey {
  route: string;
  /** The major parameter Discord buckets by: guild, channel or webhook id, or '' for none. */
  majorId: string;
  memberRole: boolean;
  exemptFromGlobal: boolean;
}

export interface RateLimitDecision {
  headers: Record<string, string>;
  /** Set when the request gets a 429 response. */
  limited: null | { retryAfterSeconds: number; global: boolean; scope: 'global' | 'user' };
}

/**
 * The limit advertised in headers while enforcement is off. It is high so
 * that a client which paces itself from the headers (discord.js does) is not
 * slowed down by a limit the fake does not enforce.
 */
const ADVERTISED_WHEN_OFF: WindowLimit = { limit: 10000, windowMs: 1000 };

interface BucketState {
  count: number;
  resetAtMs: number;
}

/** Fixed-window rate limits with Discord's headers and 429 responses. */
export class RateLimiter {
  private settings: RateLimitSettings | null = null;
  private readonly buckets = new Map<string, BucketState>();
  private globalWindow: BucketState = { count: 0, resetAtMs: 0 };

  set(settings: RateLimitSettings | null): void {
    this.settings = settings;
    this.buckets.clear();
    this.globalWindow = { count: 0, resetAtMs: 0 };
  }

  get enforced(): RateLimitSettings | null {
    return this.settings;
  }

  /** Counts a request against its buckets and returns the headers and whether the response is a 429. */
  take(key: RateLimitKey, nowMs: number = Date.now()): RateLimitDecision {
    const settings = this.settings;
    const bucketLimit = (key.memberRole ? settings?.memberRolePerGuild : settings?.perRoute) ?? null;
    const advertised = bucketLimit ?? ADVERTISED_WHEN_OFF;
    const bucketName = key.memberRole ? 'member-role' : key.route;
    const bucketHash = createHash('sha1').update(bucketName).digest('hex').slice(0, 16);

    const bucketKey = `${bucketHash}:${key.majorId}`;
    let bucket = this.buckets.get(bucketKey);
    if (!bucket || nowMs >= bucket.resetAtMs) {
      bucket = { count: 0, resetAtMs: nowMs + advertised.windowMs };
      this.buckets.set(bucketKey, bucket);
    }

    // The global limit is checked first: a global 429 does not count against the route bucket.
    const globalLimit = settings?.globalPerSecond;
    if (globalLimit !== undefined && !key.exemptFromGlobal) {
      if (nowMs >= this.globalWindow.resetAtMs) this.globalWindow = { count: 0, resetAtMs: nowMs + 1000 };
      if (this.globalWindow.count >= globalLimit) {
        const retryAfterSeconds = (this.globalWindow.resetAtMs - nowMs) / 1000;
        return {
          headers: {
            'Retry-After': retryAfterSeconds.toFixed(3),
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          },
          limited: { retryAfterSeconds, global: true, scope: 'global' },
        };
      }
      this.globalWindow.count += 1;
    }

    const resetAfterSeconds = (bucket.resetAtMs - nowMs) / 1000;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(advertised.limit),
      'X-RateLimit-Remaining': String(Math.max(0, advertised.limit - bucket.count - 1)),
      'X-RateLimit-Reset': (bucket.resetAtMs / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfterSeconds.toFixed(3),
      'X-RateLimit-Bucket': bucketHash,
    };

    if (bucketLimit && bucket.count >= bucketLimit.limit) {
      headers['X-RateLimit-Remaining'] = '0';
      headers['Retry-After'] = resetAfterSeconds.toFixed(3);
      headers['X-RateLimit-Scope'] = 'user';
      return { headers, limited: { retryAfterSeconds: resetAfterSeconds, global: false, scope: 'user' } };
    }

    bucket.count += 1;
    return { headers, limited: null };
  }
}
