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
 * without a search, and every step is a loop, without recursion. Each node's
 * value, links, count and priority share 32 bytes of one buffer, so a step
 * down the tree reads one cache line (a long window's tree is larger than the
 * processor's caches); a node is named by where its fields start, slot + 1
 * nodes in (node 0 is "no node", whose count is 0). The buffer grows by
 * doubling up to the capacity: no allocation per value.
 * Priorities are a hash of the slot, so a window rebuilt from the same values
 * has the same shape (not that any answer depends on the shape).
 */

/** Int32 fields per node (32 bytes), and where each field is; the value is the first 8 bytes. */
const STRIDE = 8;
const LEFT = 2;
const RIGHT = 3;
const PARENT = 4;
const COUNT = 5;
const PRIORITY = 6;

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
  /** The nodes' links, counts and priorities, by node. */
  private fields: Int32Array;
  /** The same buffer as doubles: a node's value is at node / 2. */
  private values: Float64Array;
  private root = NIL;

  /** `initial`: the values the window holds already, by slot. */
  constructor(
    private readonly capacity: number,
    initial: readonly number[] = [],
  ) {
    this.fields = new Int32Array((Math.min(capacity, Math.max(16, initial.length)) + 1) * STRIDE);
    this.values = new Float64Array(this.fields.buffer);
    initial.forEach((value, slot) => this.insert(slot, value));
  }

  get size(): number {
    return this.fields[this.root + COUNT];
  }

  /** Adds the value of a slot that holds none. */
  insert(slot: number, value: number): void {
    const x = (slot + 1) * STRIDE;
    if (x >= this.fields.length) this.grow(slot + 2);
    const { fields } = this;
    this.values[x >> 1] = value;
    fields[x + LEFT] = NIL;
    fields[x + RIGHT] = NIL;
    fields[x + COUNT] = 1;
    fields[x + PRIORITY] = priority(slot);
    if (this.root === NIL) {
      this.root = x;
      fields[x + PARENT] = NIL;
      return;
    }
    let node = this.root;
    for (;;) {
      fields[node + COUNT]++;
      const side = this.before(x, node) ? LEFT : RIGHT;
      if (fields[node + side] === NIL) {
        fields[node + side] = x;
        break;
      }
      node = fields[node + side];
    }
    fields[x + PARENT] = node;
    while (fields[x + PARENT] !== NIL && fields[x + PRIORITY] > fields[fields[x + PARENT] + PRIORITY]) this.rotateUp(x);
  }

  replace(slot: number, _oldest: number, value: number): void {
    this.remove(slot);
    this.insert(slot, value);
  }

  /** Removes a slot's value. */
  remove(slot: number): void {
    const x = (slot + 1) * STRIDE;
    const { fields } = this;
    while (fields[x + LEFT] !== NIL && fields[x + RIGHT] !== NIL) {
      const left = fields[x + LEFT];
      const right = fields[x + RIGHT];
      this.rotateUp(fields[left + PRIORITY] > fields[right + PRIORITY] ? left : right);
    }
    const child = fields[x + LEFT] !== NIL ? fields[x + LEFT] : fields[x + RIGHT];
    const above = fields[x + PARENT];
    if (child !== NIL) fields[child + PARENT] = above;
    this.replaceChild(above, x, child);
    for (let node = above; node !== NIL; node = fields[node + PARENT]) fields[node + COUNT]--;
  }

  /** The k-th smallest value (from 0). */
  at(k: number): number {
    return this.values[this.nodeAt(k) >> 1];
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
    const below = this.values[node >> 1];
    return below + (index - lower) * (this.values[this.next(node) >> 1] - below);
  }

  private nodeAt(k: number): number {
    const { fields } = this;
    let node = this.root;
    for (;;) {
      const smaller = fields[fields[node + LEFT] + COUNT];
      if (k < smaller) {
        node = fields[node + LEFT];
      } else if (k === smaller) {
        return node;
      } else {
        k -= smaller + 1;
        node = fields[node + RIGHT];
      }
    }
  }

  /** The node after a node in order (a step or two on average, where a walk from the root takes log2(N)). */
  private next(node: number): number {
    const { fields } = this;
    if (fields[node + RIGHT] !== NIL) {
      node = fields[node + RIGHT];
      while (fields[node + LEFT] !== NIL) node = fields[node + LEFT];
      return node;
    }
    while (fields[node + PARENT] !== NIL && fields[fields[node + PARENT] + RIGHT] === node) node = fields[node + PARENT];
    return fields[node + PARENT];
  }

  /** Whether node a comes before node b: by value, then by slot. */
  private before(a: number, b: number): boolean {
    const va = this.values[a >> 1];
    const vb = this.values[b >> 1];
    return va < vb || (va === vb && a < b);
  }

  /** Lifts a node above its parent, keeping the order and the counts. */
  private rotateUp(x: number): void {
    const { fields } = this;
    const p = fields[x + PARENT];
    const above = fields[p + PARENT];
    // x's inner subtree moves across to p, and p becomes x's child on the other side.
    const toward = fields[p + LEFT] === x ? LEFT : RIGHT;
    const away = toward === LEFT ? RIGHT : LEFT;
    const moved = fields[x + away];
    fields[p + toward] = moved;
    if (moved !== NIL) fields[moved + PARENT] = p;
    fields[x + away] = p;
    fields[p + PARENT] = x;
    fields[x + PARENT] = above;
    this.replaceChild(above, p, x);
    fields[p + COUNT] = fields[fields[p + LEFT] + COUNT] + fields[fields[p + RIGHT] + COUNT] + 1;
    fields[x + COUNT] = fields[fields[x + LEFT] + COUNT] + fields[fields[x + RIGHT] + COUNT] + 1;
  }

  /** Puts `to` where `from` was under `above` (the root when `above` is NIL). */
  private replaceChild(above: number, from: number, to: number): void {
    if (above === NIL) this.root = to;
    else if (this.fields[above + LEFT] === from) this.fields[above + LEFT] = to;
    else this.fields[above + RIGHT] = to;
  }

  /** Makes room for at least `nodes` nodes (node 0 included). */
  private grow(nodes: number): void {
    const length = Math.min(this.capacity + 1, Math.max(nodes, (2 * this.fields.length) / STRIDE)) * STRIDE;
    const grown = new Int32Array(length);
    grown.set(this.fields);
    this.fields = grown;
    this.values = new Float64Array(grown.buffer);
  }
}
