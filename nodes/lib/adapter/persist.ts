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

/** How long `saveSoon` may hold a save back, ms: well within the file store's flush interval (30 s by default). */
const SAVE_DELAY_MS = 1000;

/**
 * A bounded per-topic store mirrored into node context: restored on creation,
 * saved after each change, evicted topics removed from the saved copy too.
 */
export class PersistedTopicStore<T> {
  readonly store: TopicStore<T>;
  private readonly slot: ContextSlot<Record<string, T>>;
  /** Null-prototype, so no topic name can reach Object.prototype. */
  private readonly mirror: Record<string, T> = Object.create(null) as Record<string, T>;
  private savedAt = -Infinity;
  private saveTimer: NodeJS.Timeout | undefined;

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
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.savedAt = Date.now();
    this.slot.save(this.mirror);
  }

  /**
   * `save`, at most once a second: for changes made for every reading. The
   * context store holds the very object being changed, so a save only tells a
   * persistent store to write it out at its next flush; a save held back is
   * made when the second is over, so the last change is never left unsaved.
   * Call `save` on close, which also ends the wait.
   */
  saveSoon(): void {
    if (this.saveTimer !== undefined) return;
    const wait = this.savedAt + SAVE_DELAY_MS - Date.now();
    if (wait <= 0 || wait > SAVE_DELAY_MS) this.save();
    else this.saveTimer = setTimeout(() => this.save(), wait);
  }

  private put(topic: string, value: T): void {
    this.mirror[topic] = value;
    this.store.set(topic, value);
  }
}
