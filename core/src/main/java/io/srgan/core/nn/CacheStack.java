package io.srgan.core.nn;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last-in-first-out forward caches of one layer (see {@link Layer}). */
final class CacheStack<T> {
    private final Deque<T> stack = new ArrayDeque<>();
    private final String owner;

    CacheStack(String owner) { this.owner = owner; }

    void push(T value) { stack.push(value); }

    T pop() {
        T value = stack.poll();
        if (value == null) throw new IllegalStateException(owner + ": backward without a TRAIN-mode forward");
        return value;
    }

    /** The newest entry, left in place. */
    T peek() {
        T value = stack.peek();
        if (value == null) throw new IllegalStateException(owner + ": backward without a TRAIN-mode forward");
        return value;
    }

    boolean isEmpty() { return stack.isEmpty(); }

    void clear() { stack.clear(); }
}
