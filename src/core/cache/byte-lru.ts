// A least-recently-used cache bounded by bytes, not entries: each value says how big it is, and the oldest
// entries go until the total fits. A value larger than the whole budget is not kept at all.

export class ByteLru<K, V> {
  private readonly map = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    private limit: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }

  get maxBytes(): number {
    return this.limit;
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Stores the value as the most recently used and evicts the oldest beyond the limit; false when it cannot fit. */
  set(key: K, value: V): boolean {
    this.delete(key);
    const bytes = Math.max(0, this.sizeOf(value));
    if (bytes > this.limit) return false;
    this.map.set(key, { value, bytes });
    this.total += bytes;
    this.evict();
    return true;
  }

  delete(key: K): void {
    const old = this.map.get(key);
    if (!old) return;
    this.total -= old.bytes;
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  /** A new byte limit (evicts at once when lower). */
  resize(limit: number): void {
    this.limit = Math.max(0, limit);
    this.evict();
  }

  private evict(): void {
    for (const [key, entry] of this.map) {
      if (this.total <= this.limit) break;
      this.map.delete(key);
      this.total -= entry.bytes;
    }
  }
}
