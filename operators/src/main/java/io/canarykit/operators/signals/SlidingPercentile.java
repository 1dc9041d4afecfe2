package io.canarykit.operators.signals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * A multiset of finite doubles that answers exact nearest-rank percentiles, with O(log n) add,
 * remove and query.
 *
 * <p>It is an AVL tree with one node per distinct value; a node holds its value's multiplicity and
 * the total multiplicity of its subtree, so the k-th smallest value is found by one walk from the
 * root. The tree lives in parallel arrays (plain data for keyed state) and freed slots are reused.
 *
 * <p>Its {@link State} is the whole tree, so writing it costs O(distinct values held). The SLO window
 * holds acks' place_ms here, and order events are rare next to quotes, so that write stays small.
 */
public final class SlidingPercentile {

    private static final int NIL = -1;
    private static final int INITIAL_CAPACITY = 16;

    private double[] value = new double[INITIAL_CAPACITY];
    private int[] copies = new int[INITIAL_CAPACITY];
    private int[] weight = new int[INITIAL_CAPACITY];
    private int[] height = new int[INITIAL_CAPACITY];
    private int[] left = new int[INITIAL_CAPACITY];
    private int[] right = new int[INITIAL_CAPACITY];
    private int root = NIL;
    private int used;
    // Freed slots form a stack linked through left[].
    private int freeHead = NIL;
    private int distinct;

    /** An empty multiset. */
    public SlidingPercentile() {}

    /**
     * The tree as keyed state holds it: the node arrays up to the slots ever used, the root, the
     * head of the free-slot stack (linked through {@code left}) and the number of distinct values.
     */
    public record State(
            double[] value,
            int[] copies,
            int[] weight,
            int[] height,
            int[] left,
            int[] right,
            int root,
            int used,
            int freeHead,
            int distinct) {}

    /** A copy of the tree, sharing no array with this multiset. */
    public State state() {
        return new State(
                Arrays.copyOf(value, used),
                Arrays.copyOf(copies, used),
                Arrays.copyOf(weight, used),
                Arrays.copyOf(height, used),
                Arrays.copyOf(left, used),
                Arrays.copyOf(right, used),
                root,
                used,
                freeHead,
                distinct);
    }

    /** The multiset that {@code state} describes; the state's arrays are copied, not shared. */
    public static SlidingPercentile restore(State state) {
        if (state == null) {
            throw new IllegalArgumentException("state is required but not provided");
        }
        int used = state.used();
        if (used < 0) {
            throw new IllegalArgumentException("state.used must not be negative, got " + used);
        }
        // Growth doubles the arrays, so they never restart from a length of zero.
        int capacity = Math.max(INITIAL_CAPACITY, used);
        SlidingPercentile restored = new SlidingPercentile();
        restored.value = copied(state.value(), "state.value", used, capacity);
        restored.copies = copied(state.copies(), "state.copies", used, capacity);
        restored.weight = copied(state.weight(), "state.weight", used, capacity);
        restored.height = copied(state.height(), "state.height", used, capacity);
        restored.left = copied(state.left(), "state.left", used, capacity);
        restored.right = copied(state.right(), "state.right", used, capacity);
        restored.root = slot(state.root(), "state.root", used);
        restored.freeHead = slot(state.freeHead(), "state.freeHead", used);
        restored.used = used;
        restored.distinct = state.distinct();
        return restored;
    }

    /** Adds one copy of {@code v}. */
    public void add(double v) {
        root = insert(root, normalised(v, "value"));
    }

    /** Removes one copy of {@code v}; the value must be held. */
    public void remove(double v) {
        double key = normalised(v, "value");
        if (find(key) == NIL) {
            throw new IllegalArgumentException("value " + v + " is not held, so it cannot be removed");
        }
        root = delete(root, key);
    }

    /** How many copies of {@code v} are held. */
    public int count(double v) {
        int node = find(normalised(v, "value"));
        return node == NIL ? 0 : copies[node];
    }

    /** Number of values held, counting duplicates. */
    public int size() {
        return root == NIL ? 0 : weight[root];
    }

    public boolean isEmpty() {
        return root == NIL;
    }

    /** Number of distinct values held. */
    public int distinctValues() {
        return distinct;
    }

    /** Drops every value. */
    public void clear() {
        Arrays.fill(left, 0, used, NIL);
        root = NIL;
        used = 0;
        freeHead = NIL;
        distinct = 0;
    }

    /**
     * The nearest-rank quantile: the {@code ceil(q * n)}-th smallest value, with {@code q} read as
     * its shortest decimal form (0.95 is exactly 95/100, so binary rounding never moves the rank).
     */
    public double quantile(double q) {
        if (!(q > 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("q must be in (0, 1], got " + q);
        }
        if (isEmpty()) {
            throw new IllegalStateException("no values held, so there is no quantile");
        }
        return kthSmallest(nearestRank(q, size()));
    }

    /** The {@code k}-th smallest value, counting duplicates, with {@code k} from 1 to size. */
    public double kthSmallest(int k) {
        if (k < 1 || k > size()) {
            throw new IllegalArgumentException("k must be in [1, " + size() + "], got " + k);
        }
        int node = root;
        int rank = k;
        while (true) {
            int below = weightOf(left[node]);
            if (rank <= below) {
                node = left[node];
            } else if (rank <= below + copies[node]) {
                return value[node];
            } else {
                rank -= below + copies[node];
                node = right[node];
            }
        }
    }

    /** The 1-based nearest rank {@code ceil(q * n)}, computed in exact decimal arithmetic. */
    static int nearestRank(double q, int n) {
        int rank = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).intValueExact();
        return Math.max(1, Math.min(n, rank));
    }

    /** Height of the tree (0 when empty), to check the balance bound in tests. */
    int treeHeight() {
        return heightOf(root);
    }

    private static double[] copied(double[] from, String name, int used, int capacity) {
        if (from == null || from.length < used) {
            throw new IllegalArgumentException(name + " must hold the " + used + " used slots, got "
                    + (from == null ? "none" : from.length));
        }
        return Arrays.copyOf(from, capacity);
    }

    private static int[] copied(int[] from, String name, int used, int capacity) {
        if (from == null || from.length < used) {
            throw new IllegalArgumentException(name + " must hold the " + used + " used slots, got "
                    + (from == null ? "none" : from.length));
        }
        return Arrays.copyOf(from, capacity);
    }

    private static int slot(int node, String name, int used) {
        if (node != NIL && (node < 0 || node >= used)) {
            throw new IllegalArgumentException(name + " must be a used slot below " + used + " or " + NIL + ", got " + node);
        }
        return node;
    }

    private static double normalised(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
        // -0.0 and 0.0 are one value: adding 0.0 turns -0.0 into 0.0.
        return v + 0.0;
    }

    private int find(double key) {
        int node = root;
        while (node != NIL) {
            int c = Double.compare(key, value[node]);
            if (c == 0) {
                return node;
            }
            node = c < 0 ? left[node] : right[node];
        }
        return NIL;
    }

    private int insert(int node, double key) {
        if (node == NIL) {
            return allocate(key);
        }
        int c = Double.compare(key, value[node]);
        if (c == 0) {
            copies[node]++;
            weight[node]++;
            return node;
        }
        // The child is computed before the store: insert may grow (replace) the arrays.
        if (c < 0) {
            int child = insert(left[node], key);
            left[node] = child;
        } else {
            int child = insert(right[node], key);
            right[node] = child;
        }
        return rebalance(node);
    }

    private int delete(int node, double key) {
        int c = Double.compare(key, value[node]);
        if (c < 0) {
            left[node] = delete(left[node], key);
            return rebalance(node);
        }
        if (c > 0) {
            right[node] = delete(right[node], key);
            return rebalance(node);
        }
        if (copies[node] > 1) {
            copies[node]--;
            weight[node]--;
            return node;
        }
        return unlink(node);
    }

    /** Removes {@code node} itself (its last copy) and returns the subtree that replaces it. */
    private int unlink(int node) {
        int l = left[node];
        int r = right[node];
        if (l == NIL || r == NIL) {
            release(node);
            return l == NIL ? r : l;
        }
        int successor = r;
        while (left[successor] != NIL) {
            successor = left[successor];
        }
        int rest = detachMin(r);
        left[successor] = l;
        right[successor] = rest;
        release(node);
        return rebalance(successor);
    }

    /** Detaches the leftmost node of the subtree (leaving the node itself intact) and returns the rest. */
    private int detachMin(int node) {
        if (left[node] == NIL) {
            return right[node];
        }
        left[node] = detachMin(left[node]);
        return rebalance(node);
    }

    private int rebalance(int node) {
        update(node);
        int balance = heightOf(left[node]) - heightOf(right[node]);
        if (balance > 1) {
            if (heightOf(left[left[node]]) < heightOf(right[left[node]])) {
                left[node] = rotateLeft(left[node]);
            }
            return rotateRight(node);
        }
        if (balance < -1) {
            if (heightOf(right[right[node]]) < heightOf(left[right[node]])) {
                right[node] = rotateRight(right[node]);
            }
            return rotateLeft(node);
        }
        return node;
    }

    private int rotateRight(int node) {
        int pivot = left[node];
        left[node] = right[pivot];
        right[pivot] = node;
        update(node);
        update(pivot);
        return pivot;
    }

    private int rotateLeft(int node) {
        int pivot = right[node];
        right[node] = left[pivot];
        left[pivot] = node;
        update(node);
        update(pivot);
        return pivot;
    }

    private void update(int node) {
        height[node] = 1 + Math.max(heightOf(left[node]), heightOf(right[node]));
        weight[node] = copies[node] + weightOf(left[node]) + weightOf(right[node]);
    }

    private int heightOf(int node) {
        return node == NIL ? 0 : height[node];
    }

    private int weightOf(int node) {
        return node == NIL ? 0 : weight[node];
    }

    private int allocate(double key) {
        int node;
        if (freeHead != NIL) {
            node = freeHead;
            freeHead = left[node];
        } else {
            if (used == value.length) {
                grow();
            }
            node = used++;
        }
        value[node] = key;
        copies[node] = 1;
        weight[node] = 1;
        height[node] = 1;
        left[node] = NIL;
        right[node] = NIL;
        distinct++;
        return node;
    }

    private void release(int node) {
        left[node] = freeHead;
        right[node] = NIL;
        freeHead = node;
        distinct--;
    }

    private void grow() {
        int capacity = value.length * 2;
        value = Arrays.copyOf(value, capacity);
        copies = Arrays.copyOf(copies, capacity);
        weight = Arrays.copyOf(weight, capacity);
        height = Arrays.copyOf(height, capacity);
        left = Arrays.copyOf(left, capacity);
        right = Arrays.copyOf(right, capacity);
    }
}
