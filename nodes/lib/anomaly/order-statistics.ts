/**
 * The values of a rolling window in order, for its quantiles, in O(log N)
 * per change and per query however long the window: a treap (a binary search
 * tree kept balanced by random priorities) whose nodes are the window's
 * slots. Each node counts the nodes under it, so the k-th smallest value is
 * one walk from the root. Values are ordered by value, then by slot, so equal
 * values are still distinct nodes and a slot is found again by its value.
 *
 * A sorted array costs a memory move of up to N values per reading, which
 * dominated at N = 100,000; this costs about log2(N) steps. Everything lives
 * in typed arrays indexed by slot, grown by doubling up to the capacity: no
 * allocation per value. Priorities are a hash of the slot, so a window
 * rebuilt from the same values has the same shape (not that any answer
 * depends on the shape).
 */

/** No node. */
const NIL = -1;

/** A well-mixed 32-bit hash of a slot (the finaliser of MurmurHash3): the slot's priority. */
function priority(slot: number): number {
  let h = Math.imul(slot ^ (slot >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class OrderStatistics {
  private keys: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  /** Nodes in the subtree of each node, itself included. */
  private count: Int32Array;
  private root = NIL;
  /** The two halves `split` leaves. */
  private lower = NIL;
  private upper = NIL;

  constructor(private readonly capacity: number) {
    const initial = Math.min(capacity, 16);
    this.keys = new Float64Array(initial);
    this.left = new Int32Array(initial);
    this.right = new Int32Array(initial);
    this.count = new Int32Array(initial);
  }

  get size(): number {
    return this.sizeOf(this.root);
  }

  /** Adds the value of a slot that holds none. */
  insert(slot: number, value: number): void {
    if (slot >= this.keys.length) this.grow(slot + 1);
    this.keys[slot] = value;
    this.left[slot] = NIL;
    this.right[slot] = NIL;
    this.count[slot] = 1;
    this.root = this.insertInto(this.root, slot);
  }

  /** Removes a slot's value. */
  remove(slot: number): void {
    this.root = this.removeFrom(this.root, slot);
  }

  /** The k-th smallest value (from 0). */
  at(k: number): number {
    let node = this.root;
    for (;;) {
      const smaller = this.sizeOf(this.left[node]);
      if (k < smaller) {
        node = this.left[node];
      } else if (k === smaller) {
        return this.keys[node];
      } else {
        k -= smaller + 1;
        node = this.right[node];
      }
    }
  }

  /**
   * The p-quantile by linear interpolation between closest ranks (numpy's
   * default, R's type 7), computed exactly as simple-statistics'
   * quantileSorted does, so the answers are the same to the last bit; NaN when empty.
   */
  quantile(p: number): number {
    const n = this.size;
    if (n === 0) return NaN;
    if (p === 1) return this.at(n - 1);
    if (p === 0) return this.at(0);
    const index = (n - 1) * p;
    if (index % 1 === 0) return this.at(index);
    const lower = Math.floor(index);
    const below = this.at(lower);
    return below + (index - lower) * (this.at(Math.ceil(index)) - below);
  }

  private sizeOf(node: number): number {
    return node === NIL ? 0 : this.count[node];
  }

  /** Whether slot a comes before slot b: by value, then by slot. */
  private before(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && a < b);
  }

  private insertInto(node: number, slot: number): number {
    if (node === NIL) return slot;
    if (priority(slot) > priority(node)) {
      this.split(node, slot);
      this.left[slot] = this.lower;
      this.right[slot] = this.upper;
      this.count[slot] = this.sizeOf(this.lower) + this.sizeOf(this.upper) + 1;
      return slot;
    }
    if (this.before(slot, node)) this.left[node] = this.insertInto(this.left[node], slot);
    else this.right[node] = this.insertInto(this.right[node], slot);
    this.count[node]++;
    return node;
  }

  /** Splits a subtree into the nodes before `slot` (`lower`) and after it (`upper`). */
  private split(node: number, slot: number): void {
    if (node === NIL) {
      this.lower = NIL;
      this.upper = NIL;
      return;
    }
    if (this.before(node, slot)) {
      this.split(this.right[node], slot);
      this.right[node] = this.lower;
      this.lower = node;
    } else {
      this.split(this.left[node], slot);
      this.left[node] = this.upper;
      this.upper = node;
    }
    this.count[node] = this.sizeOf(this.left[node]) + this.sizeOf(this.right[node]) + 1;
  }

  private removeFrom(node: number, slot: number): number {
    if (node === slot) return this.merge(this.left[node], this.right[node]);
    if (this.before(slot, node)) this.left[node] = this.removeFrom(this.left[node], slot);
    else this.right[node] = this.removeFrom(this.right[node], slot);
    this.count[node]--;
    return node;
  }

  /** Joins two subtrees, every node of `a` before every node of `b`. */
  private merge(a: number, b: number): number {
    if (a === NIL) return b;
    if (b === NIL) return a;
    if (priority(a) > priority(b)) {
      this.right[a] = this.merge(this.right[a], b);
      this.count[a] = this.sizeOf(this.left[a]) + this.sizeOf(this.right[a]) + 1;
      return a;
    }
    this.left[b] = this.merge(a, this.left[b]);
    this.count[b] = this.sizeOf(this.left[b]) + this.sizeOf(this.right[b]) + 1;
    return b;
  }

  private grow(needed: number): void {
    const length = Math.min(this.capacity, Math.max(needed, 2 * this.keys.length));
    const grown = <A extends Float64Array | Int32Array>(from: A, to: A): A => {
      to.set(from);
      return to;
    };
    this.keys = grown(this.keys, new Float64Array(length));
    this.left = grown(this.left, new Int32Array(length));
    this.right = grown(this.right, new Int32Array(length));
    this.count = grown(this.count, new Int32Array(length));
  }
}
