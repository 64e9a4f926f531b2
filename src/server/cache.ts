/**
 * A short-lived cache of serialised read responses with single flight: concurrent identical
 * requests share one store query, and its answer is reused for `ttlMs`. Other processes (ingest
 * workers) may write to the store meanwhile, so answers can be up to `ttlMs` old; writes through
 * this server clear it at once.
 */
export class ResponseCache {
  private readonly done = new Map<string, { at: number; body: string }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(key: string, compute: () => Promise<unknown>): Promise<string> {
    if (this.ttlMs <= 0) return JSON.stringify(await compute());
    const hit = this.done.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.body;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const p = (async () => JSON.stringify(await compute()))();
    this.pending.set(key, p);
    try {
      const body = await p;
      if (this.done.size >= this.maxEntries) this.evict();
      this.done.set(key, { at: this.now(), body });
      return body;
    } finally {
      this.pending.delete(key);
    }
  }

  clear(): void {
    this.done.clear();
  }

  get size(): number {
    return this.done.size;
  }

  private evict(): void {
    const t = this.now();
    for (const [k, v] of this.done) if (t - v.at >= this.ttlMs) this.done.delete(k);
    // Still full: everything is fresh, so drop the oldest insertions (Map keeps insertion order).
    for (const k of this.done.keys()) {
      if (this.done.size < this.maxEntries) break;
      this.done.delete(k);
    }
  }
}
