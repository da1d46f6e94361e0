/**
 * A per-partition write budget like the service's: it refills at `bytesPerSecond` and holds at
 * most one second of writes. A full bucket admits any single entry (going into debt), so a
 * message larger than one second's budget is slow rather than impossible to write.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly bytesPerSecond: number,
    now: number = Date.now(),
  ) {
    this.tokens = bytesPerSecond;
    this.updatedAt = now;
  }

  /** Takes `bytes` if allowed; otherwise returns how many ms until it would be. */
  take(bytes: number, now: number = Date.now()): { ok: true } | { ok: false; retryAfterMs: number } {
    this.tokens = Math.min(this.bytesPerSecond, this.tokens + ((now - this.updatedAt) / 1000) * this.bytesPerSecond);
    this.updatedAt = now;
    if (this.tokens >= bytes || this.tokens >= this.bytesPerSecond) {
      this.tokens -= bytes;
      return { ok: true };
    }
    const needed = Math.min(bytes, this.bytesPerSecond) - this.tokens;
    return { ok: false, retryAfterMs: Math.ceil((needed / this.bytesPerSecond) * 1000) };
  }
}
