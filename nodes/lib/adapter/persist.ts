/**
 * Durable node state in Node-RED's node context. With a persistent context
 * store (localfilesystem) whatever is saved here survives restarts and
 * redeploys; with the default memory store it lasts only while the node runs.
 *
 * Saved values must be plain JSON data. The same object is saved again after
 * each change: for the memory store and the localfilesystem cache that is a
 * reference assignment, and the file store writes it out on its own schedule.
 */

import { TopicStore } from '../topic-store';
import { SaveThrottle } from './save-throttle';
import type { Node } from './runtime';

export class ContextSlot<T> {
  constructor(
    private readonly node: Node,
    private readonly key: string,
  ) {}

  load(): T | undefined {
    try {
      const value = this.node.context().get(this.key) as T | undefined;
      return value ?? undefined;
    } catch (err) {
      // An asynchronous-only store cannot be read at start; run without the saved state rather than fail.
      this.node.warn(`context: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  save(value: T | undefined): void {
    try {
      this.node.context().set(this.key, value);
    } catch (err) {
      this.node.warn(`context: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * A bounded per-topic store mirrored into node context: restored on creation,
 * saved after each change, evicted topics removed from the saved copy too.
 */
export class PersistedTopicStore<T> {
  readonly store: TopicStore<T>;
  private readonly slot: ContextSlot<Record<string, T>>;
  /** Null-prototype, so no topic name can reach Object.prototype. */
  private readonly mirror: Record<string, T> = Object.create(null) as Record<string, T>;
  private readonly saves = new SaveThrottle(() => this.slot.save(this.mirror));

  /**
   * @param revive turns a saved value back into state, or undefined to drop it
   *   (for example when its shape is from an incompatible older version).
   * @param onEvict runs for each topic evicted to stay within the bound, so
   *   the node can release what it holds for it (a timer).
   */
  constructor(
    node: Node,
    key: string,
    maxTopics: number,
    revive: (saved: unknown) => T | undefined = (v) => v as T,
    onEvict?: (topic: string) => void,
  ) {
    this.store = new TopicStore<T>(maxTopics, (topic) => {
      delete this.mirror[topic];
      onEvict?.(topic);
    });
    this.slot = new ContextSlot(node, key);
    const saved = this.slot.load();
    if (saved && typeof saved === 'object') {
      for (const topic of Object.keys(saved)) {
        const value = revive(saved[topic]);
        if (value !== undefined) this.put(topic, value);
      }
    }
  }

  get(topic: string): T | undefined {
    return this.store.get(topic);
  }

  getOrCreate(topic: string, create: () => T): T {
    const existing = this.store.get(topic);
    if (existing !== undefined) return existing;
    const value = create();
    this.put(topic, value);
    return value;
  }

  set(topic: string, value: T): void {
    this.put(topic, value);
    this.save();
  }

  delete(topic: string): void {
    this.store.delete(topic);
    delete this.mirror[topic];
    this.save();
  }

  clear(): void {
    this.store.clear();
    for (const topic of Object.keys(this.mirror)) delete this.mirror[topic];
    this.save();
  }

  /** Call after mutating a topic's state in place. */
  save(): void {
    this.saves.saveNow();
  }

  /**
   * `save` for changes made at every reading: at most once a second (see
   * SaveThrottle). Call `save` on close, which also ends the wait. `now`: the
   * time, when the caller has just read the clock anyway.
   */
  saveSoon(now?: number): void {
    this.saves.request(now);
  }

  private put(topic: string, value: T): void {
    this.mirror[topic] = value;
    this.store.set(topic, value);
  }
}
