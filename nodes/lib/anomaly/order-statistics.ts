/**
 * The values of a rolling window in order, for its quantiles, in O(log N)
 * per change and per query however long the window: a treap (a binary search
 * tree kept balanced by random priorities, each node's above its children's)
 * whose nodes are the window's slots. Each node counts the nodes under it, so
 * the k-th smallest value is one walk from the root. Values are ordered by
 * value, then by slot, so equal values are still distinct nodes.
 *
 * A sorted array costs a memory move of up to N values per reading, which
 * dominated at N = 100,000; this costs about log2(N) steps. A value enters
 * as a leaf and rotates up to its priority's place; one leaves by rotating
 * down until it has at most one child. Parent links let a slot be removed
 * without a search, and every step is a loop, without recursion. Everything
 * lives in typed arrays indexed by slot + 1 (0 is "no node", whose count is
 * 0), grown by doubling up to the capacity: no allocation per value.
 * Priorities are a hash of the slot, so a window rebuilt from the same values
 * has the same shape (not that any answer depends on the shape).
 */

/** No node. */
const NIL = 0;

/** A well-mixed hash of a slot (the finaliser of MurmurHash3), as a non-negative 31-bit priority. */
function priority(slot: number): number {
  let h = Math.imul(slot ^ (slot >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 1;
}

/** A rolling window's values in order, for its quantiles; the window's slots name its values. */
export interface OrderedValues {
  readonly size: number;
  /** Adds the value of a slot that holds none. */
  insert(slot: number, value: number): void;
  /** Replaces the value `oldest` of a slot by `value`. */
  replace(slot: number, oldest: number, value: number): void;
  /** The p-quantile by linear interpolation between closest ranks (type 7); NaN when empty. */
  quantile(p: number): number;
}

export class OrderStatistics implements OrderedValues {
  private keys: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  private parent: Int32Array;
  /** Nodes in the subtree of each node, itself included. */
  private count: Int32Array;
  private priorities: Int32Array;
  private root = NIL;

  /** `initial`: the values the window holds already, by slot. */
  constructor(
    private readonly capacity: number,
    initial: readonly number[] = [],
  ) {
    const length = Math.min(capacity, Math.max(16, initial.length)) + 1;
    this.keys = new Float64Array(length);
    this.left = new Int32Array(length);
    this.right = new Int32Array(length);
    this.parent = new Int32Array(length);
    this.count = new Int32Array(length);
    this.priorities = new Int32Array(length);
    initial.forEach((value, slot) => this.insert(slot, value));
  }

  get size(): number {
    return this.count[this.root];
  }

  /** Adds the value of a slot that holds none. */
  insert(slot: number, value: number): void {
    const x = slot + 1;
    if (x >= this.keys.length) this.grow(x + 1);
    const { left, right, count } = this;
    this.keys[x] = value;
    left[x] = NIL;
    right[x] = NIL;
    count[x] = 1;
    this.priorities[x] = priority(slot);
    if (this.root === NIL) {
      this.root = x;
      this.parent[x] = NIL;
      return;
    }
    let node = this.root;
    for (;;) {
      count[node]++;
      if (this.before(x, node)) {
        if (left[node] === NIL) {
          left[node] = x;
          break;
        }
        node = left[node];
      } else {
        if (right[node] === NIL) {
          right[node] = x;
          break;
        }
        node = right[node];
      }
    }
    this.parent[x] = node;
    while (this.parent[x] !== NIL && this.priorities[x] > this.priorities[this.parent[x]]) this.rotateUp(x);
  }

  replace(slot: number, _oldest: number, value: number): void {
    this.remove(slot);
    this.insert(slot, value);
  }

  /** Removes a slot's value. */
  remove(slot: number): void {
    const x = slot + 1;
    const { left, right, parent, priorities } = this;
    while (left[x] !== NIL && right[x] !== NIL) this.rotateUp(priorities[left[x]] > priorities[right[x]] ? left[x] : right[x]);
    const child = left[x] !== NIL ? left[x] : right[x];
    const above = parent[x];
    if (child !== NIL) parent[child] = above;
    this.replaceChild(above, x, child);
    for (let node = above; node !== NIL; node = parent[node]) this.count[node]--;
  }

  /** The k-th smallest value (from 0). */
  at(k: number): number {
    return this.keys[this.nodeAt(k)];
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
    const node = this.nodeAt(lower);
    const below = this.keys[node];
    return below + (index - lower) * (this.keys[this.next(node)] - below);
  }

  private nodeAt(k: number): number {
    const { left, right, count } = this;
    let node = this.root;
    for (;;) {
      const smaller = count[left[node]];
      if (k < smaller) {
        node = left[node];
      } else if (k === smaller) {
        return node;
      } else {
        k -= smaller + 1;
        node = right[node];
      }
    }
  }

  /** The node after a node in order (a step or two on average, where a walk from the root takes log2(N)). */
  private next(node: number): number {
    const { left, right, parent } = this;
    if (right[node] !== NIL) {
      node = right[node];
      while (left[node] !== NIL) node = left[node];
      return node;
    }
    while (parent[node] !== NIL && right[parent[node]] === node) node = parent[node];
    return parent[node];
  }

  /** Whether node a comes before node b: by value, then by slot. */
  private before(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && a < b);
  }

  /** Lifts a node above its parent, keeping the order and the counts. */
  private rotateUp(x: number): void {
    const { left, right, parent, count } = this;
    const p = parent[x];
    const above = parent[p];
    if (left[p] === x) {
      const moved = right[x];
      left[p] = moved;
      if (moved !== NIL) parent[moved] = p;
      right[x] = p;
    } else {
      const moved = left[x];
      right[p] = moved;
      if (moved !== NIL) parent[moved] = p;
      left[x] = p;
    }
    parent[p] = x;
    parent[x] = above;
    this.replaceChild(above, p, x);
    count[p] = count[left[p]] + count[right[p]] + 1;
    count[x] = count[left[x]] + count[right[x]] + 1;
  }

  /** Puts `to` where `from` was under `above` (the root when `above` is NIL). */
  private replaceChild(above: number, from: number, to: number): void {
    if (above === NIL) this.root = to;
    else if (this.left[above] === from) this.left[above] = to;
    else this.right[above] = to;
  }

  private grow(needed: number): void {
    const length = Math.min(this.capacity + 1, Math.max(needed, 2 * this.keys.length));
    const grown = <A extends Float64Array | Int32Array>(from: A, to: A): A => {
      to.set(from);
      return to;
    };
    this.keys = grown(this.keys, new Float64Array(length));
    this.left = grown(this.left, new Int32Array(length));
    this.right = grown(this.right, new Int32Array(length));
    this.parent = grown(this.parent, new Int32Array(length));
    this.count = grown(this.count, new Int32Array(length));
    this.priorities = grown(this.priorities, new Int32Array(length));
  }
}
