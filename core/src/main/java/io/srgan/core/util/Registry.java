package io.srgan.core.util;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Components chosen by name (losses, architectures, schedules). Registration is explicit; a
 * duplicate name is a programming error and a miss names what exists.
 */
public final class Registry<T> {
    private final String kind;
    private final Map<String, T> entries = new LinkedHashMap<>();

    public Registry(String kind) { this.kind = kind; }

    public Registry<T> register(String name, T value) {
        if (entries.putIfAbsent(name, value) != null) {
            throw new IllegalStateException(kind + " '" + name + "' is registered twice");
        }
        return this;
    }

    public T get(String name) {
        T value = entries.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; known: " + String.join(", ", entries.keySet()));
        }
        return value;
    }

    public Set<String> names() { return entries.keySet(); }
}
