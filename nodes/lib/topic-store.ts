/**
 * Per-topic state with a hard upper bound. A node fed by an MQTT wildcard can
 * see an unbounded number of topics; keeping state for each forever would grow
 * memory without limit, so the least recently used topic is evicted instead.
 *
 * A Map keeps insertion order, so re-inserting on every access makes its first
 * key the least recently used one: get, set and eviction are all O(1).
 */

export interface EvictionReport {
  /** Topics evicted since the last report. */
  count: number;
  /** The most recent topic evicted. */
  lastTopic: string;
}

export class TopicStore<T> {
  private readonly entries = new Map<string, T>();
  private pendingEvictions = 0;
  private lastEvicted = '';
  /** The most recently used topic: a stream of one topic then skips the Map's delete and re-insert. */
  private newest: string | undefined;

  /** `onEvict` runs for each evicted topic, so a mirror of the state (in node context) can follow. */
  constructor(
    private maxTopics: number,
    private readonly onEvict?: (topic: string, value: T) => void,
  ) {
    if (!Number.isInteger(maxTopics) || maxTopics < 1) {
      throw new RangeError(`maxTopics must be a positive integer, got ${maxTopics}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Evictions not yet taken by `takeEvictions`. */
  get pendingEvictionCount(): number {
    return this.pendingEvictions;
  }

  get limit(): number {
    return this.maxTopics;
  }

  has(topic: string): boolean {
    return this.entries.has(topic);
  }

  /** Reads a topic's state without making it recently used. */
  peek(topic: string): T | undefined {
    return this.entries.get(topic);
  }

  /** Reads a topic's state and marks it recently used. */
  get(topic: string): T | undefined {
    const value = this.entries.get(topic);
    if (value !== undefined && topic !== this.newest) {
      this.entries.delete(topic);
      this.entries.set(topic, value);
      this.newest = topic;
    }
    return value;
  }

  /** Returns the topic's state, creating it with `create` (and evicting if full) when absent. */
  getOrCreate(topic: string, create: () => T): T {
    const existing = this.get(topic);
    if (existing !== undefined) return existing;
    const value = create();
    this.set(topic, value);
    return value;
  }

  set(topic: string, value: T): void {
    this.entries.delete(topic);
    this.entries.set(topic, value);
    this.newest = topic;
    this.evictOverflow();
  }

  delete(topic: string): boolean {
    if (topic === this.newest) this.newest = undefined;
    return this.entries.delete(topic);
  }

  clear(): void {
    this.entries.clear();
    this.newest = undefined;
  }

  topics(): string[] {
    return [...this.entries.keys()];
  }

  [Symbol.iterator](): IterableIterator<[string, T]> {
    return this.entries.entries();
  }

  /** Changes the bound; shrinking evicts at once. */
  resize(maxTopics: number): void {
    this.maxTopics = maxTopics;
    this.evictOverflow();
  }

  /**
   * Returns and resets the evictions since the last call, so a caller can warn
   * once per burst instead of once per message.
   */
  takeEvictions(): EvictionReport | undefined {
    if (this.pendingEvictions === 0) return undefined;
    const report = { count: this.pendingEvictions, lastTopic: this.lastEvicted };
    this.pendingEvictions = 0;
    return report;
  }

  private evictOverflow(): void {
    while (this.entries.size > this.maxTopics) {
      const [oldest, value] = this.entries.entries().next().value as [string, T];
      this.entries.delete(oldest);
      if (oldest === this.newest) this.newest = undefined;
      this.onEvict?.(oldest, value);
      this.pendingEvictions++;
      this.lastEvicted = oldest;
    }
  }
}
