package io.srgan.core.interop;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted reader of Python pickles (protocols 2–5), for the opcodes a saved state dict uses.
 * It builds plain Java values only: str → String, int → Long or BigInteger, float → Double,
 * bool → Boolean, None → null, dict → LinkedHashMap, list → ArrayList, tuple → unmodifiable List.
 * Every global, call (REDUCE), persistent id and BUILD goes to a {@link Policy}, which refuses what
 * it does not know: nothing is ever looked up, loaded or executed by name. Opcodes that only serve
 * arbitrary objects (INST, OBJ, NEWOBJ, EXT*) are refused outright.
 */
final class Unpickler {
    /** What globals mean; refuses (throws) anything a state dict does not need. */
    interface Policy {
        Object global(String module, String name) throws WeightFileException;

        Object reduce(Object callable, List<Object> args) throws WeightFileException;

        Object persistentLoad(Object pid) throws WeightFileException;

        void build(Object target, Object state) throws WeightFileException;
    }

    /** Longest string or bytes value accepted: state-dict pickles hold names, not data. */
    private static final int MAX_STRING = 16 << 20;
    /**
     * Longest pickle accepted. A state dict's pickle is ~200 bytes per tensor (ESRGAN's: ~100 KB);
     * the cap bounds the objects a crafted pickle of one-byte opcodes could make.
     */
    static final long MAX_PICKLE = 32L << 20;
    /**
     * Most values a pickle may make. A state dict makes ~20 per tensor (ESRGAN x4: ~14 000); the cap
     * keeps a crafted stream of one-byte opcodes from filling the heap with objects.
     */
    static final long MAX_VALUES = 2_000_000;

    private final InputStream in;
    private final String source;
    private final Policy policy;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long position;
    private long values;

    Unpickler(InputStream in, String source, Policy policy) {
        this.in = in;
        this.source = source;
        this.policy = policy;
    }

    /** Reads one pickle, up to and including its STOP opcode, and returns its value. */
    Object load() throws IOException {
        while (true) {
            long at = position;
            int op = readByte();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = readByte();
                    if (proto > 5) throw error(at, "pickle protocol " + proto + " is newer than 5");
                }
                case 0x95 -> readLong8(); // FRAME: a length hint only
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) throw error(at, "STOP with a malformed stack");
                    return stack.remove(0);
                }
                case '}' -> push(new LinkedHashMap<>());
                case ']' -> push(new ArrayList<>());
                case ')' -> push(tuple(List.of()));
                case '(' -> marks.push(stack.size());
                case 'J' -> push((long) readIntLe(4));
                case 'K' -> push((long) readByte());
                case 'M' -> push((long) (readIntLe(2) & 0xffff));
                case 0x8a -> push(readLong(readByte(), at)); // LONG1
                case 0x8b -> push(readLong(readLength(readIntLe(4) & 0xffffffffL, at), at)); // LONG4
                case 'X' -> push(readString(readIntLe(4) & 0xffffffffL, at)); // BINUNICODE
                case 0x8c -> push(readString(readByte(), at)); // SHORT_BINUNICODE
                case 0x8d -> push(readString(readLong8(), at)); // BINUNICODE8
                case 'T' -> push(readString(readIntLe(4) & 0xffffffffL, at)); // BINSTRING (Python 2)
                case 'U' -> push(readString(readByte(), at)); // SHORT_BINSTRING
                case 'B' -> push(readExactly(readIntLe(4) & 0xffffffffL, at)); // BINBYTES
                case 'C' -> push(readExactly(readByte(), at)); // SHORT_BINBYTES
                case 0x8e -> push(readExactly(readLong8(), at)); // BINBYTES8
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'G' -> push(Double.longBitsToDouble(new BigInteger(1, readExactly(8, at)).longValue())); // BINFLOAT, big-endian
                case 'Q' -> push(policy.persistentLoad(pop(at)));
                case 'c' -> push(policy.global(readLine(at), readLine(at)));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) throw error(at, "STACK_GLOBAL needs two strings");
                    push(policy.global(m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop(at);
                    Object callable = pop(at);
                    if (!(args instanceof List<?> a)) throw error(at, "REDUCE arguments are not a tuple");
                    push(policy.reduce(callable, Collections.unmodifiableList(new ArrayList<>(a))));
                }
                case 'b' -> { // BUILD
                    Object state = pop(at);
                    policy.build(peek(at), state);
                }
                case 's' -> { // SETITEM
                    Object value = pop(at);
                    Object key = pop(at);
                    dict(peek(at), at).put(key(key, at), value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark(at);
                    if (items.size() % 2 != 0) throw error(at, "SETITEMS with an odd number of items");
                    Map<Object, Object> d = dict(peek(at), at);
                    for (int i = 0; i < items.size(); i += 2) d.put(key(items.get(i), at), items.get(i + 1));
                }
                case 'a' -> { // APPEND
                    Object value = pop(at);
                    list(peek(at), at).add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark(at);
                    list(peek(at), at).addAll(items);
                }
                case 0x85, 0x86, 0x87 -> { // TUPLE1, TUPLE2, TUPLE3
                    int n = op - 0x84;
                    if (stack.size() - floor() < n) throw error(at, "stack underflow");
                    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
                    stack.subList(stack.size() - n, stack.size()).clear();
                    push(tuple(items));
                }
                case 't' -> push(tuple(popMark(at))); // TUPLE
                case 'l' -> push(new ArrayList<>(popMark(at))); // LIST
                case 'd' -> { // DICT
                    List<Object> items = popMark(at);
                    if (items.size() % 2 != 0) throw error(at, "DICT with an odd number of items");
                    Map<Object, Object> d = new LinkedHashMap<>();
                    for (int i = 0; i < items.size(); i += 2) d.put(key(items.get(i), at), items.get(i + 1));
                    push(d);
                }
                case '0' -> pop(at); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(peek(at)); // DUP
                case 'h' -> push(memoGet(readByte(), at)); // BINGET
                case 'j' -> push(memoGet(readIntLe(4) & 0xffffffffL, at)); // LONG_BINGET
                case 'q' -> memoPut((long) readByte(), peek(at)); // BINPUT
                case 'r' -> memoPut(readIntLe(4) & 0xffffffffL, peek(at)); // LONG_BINPUT
                case 0x94 -> memoPut((long) memo.size(), peek(at)); // MEMOIZE
                default -> throw error(at, String.format("unsupported pickle opcode 0x%02x ('%s'): not something a state dict holds",
                        op, op >= 0x20 && op < 0x7f ? Character.toString((char) op) : "?"));
            }
        }
    }

    private static List<Object> tuple(List<Object> items) { return Collections.unmodifiableList(new ArrayList<>(items)); }

    /** Memo entries count against the same cap as values: a pickle of MEMOIZEs must not fill the heap either. */
    private void memoPut(long key, Object o) throws WeightFileException {
        if (++values > MAX_VALUES) throw error(position, "more than " + MAX_VALUES + " values: not a state dict");
        memo.put(key, o);
    }

    private void push(Object o) throws WeightFileException {
        if (++values > MAX_VALUES) throw error(position, "more than " + MAX_VALUES + " values: not a state dict");
        stack.add(o);
    }

    private int floor() { return marks.isEmpty() ? 0 : marks.peek(); }

    private Object pop(long at) throws WeightFileException {
        if (stack.size() <= floor()) throw error(at, "stack underflow");
        return stack.remove(stack.size() - 1);
    }

    private Object peek(long at) throws WeightFileException {
        if (stack.isEmpty()) throw error(at, "stack underflow");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark(long at) throws WeightFileException {
        if (marks.isEmpty()) throw error(at, "no MARK on the stack");
        int from = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return items;
    }

    /**
     * Dict keys must be scalars (state dicts are keyed by name): hashing a container key could
     * recurse without end on a crafted self-referencing list.
     */
    private Object key(Object k, long at) throws WeightFileException {
        if (k == null || k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof Double || k instanceof BigInteger) return k;
        throw error(at, "a dict key that is a " + typeName(k) + "; state dicts are keyed by name");
    }

    private Object memoGet(long key, long at) throws WeightFileException {
        if (!memo.containsKey(key)) throw error(at, "memo key " + key + " was never stored");
        return memo.get(key);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, long at) throws WeightFileException {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw error(at, "SETITEM on a " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, long at) throws WeightFileException {
        if (o instanceof ArrayList<?> l) return (List<Object>) l;
        throw error(at, "APPEND on a " + typeName(o));
    }

    private static String typeName(Object o) { return o == null ? "None" : o.getClass().getSimpleName(); }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) throw new WeightFileException(source + ": truncated pickle (ends at byte " + position + " before its STOP opcode)");
        if (++position > MAX_PICKLE) throw error(position, "pickle longer than " + (MAX_PICKLE >> 20) + " MiB: not a state dict");
        return b;
    }

    private byte[] readExactly(long n, long at) throws IOException {
        int len = readLength(n, at);
        if (position + len > MAX_PICKLE) throw error(at, "pickle longer than " + (MAX_PICKLE >> 20) + " MiB: not a state dict");
        byte[] b = in.readNBytes(len); // grows as it reads: a forged length cannot make it allocate up front
        position += b.length;
        if (b.length < len) throw new WeightFileException(source + ": truncated pickle (a " + len + "-byte value at byte " + at + " is cut off)");
        return b;
    }

    private int readLength(long n, long at) throws WeightFileException {
        if (n < 0 || n > MAX_STRING) throw error(at, "a " + n + "-byte value is larger than a state dict's pickle holds");
        return (int) n;
    }

    private int readIntLe(int bytes) throws IOException {
        int v = 0;
        for (int i = 0; i < bytes; i++) v |= readByte() << (8 * i);
        return v;
    }

    private long readLong8() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) readByte() << (8 * i);
        return v;
    }

    /** Little-endian two's complement, as LONG1/LONG4 store Python ints; Long when it fits. */
    private Object readLong(int n, long at) throws IOException {
        byte[] le = readExactly(n, at);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String readString(long n, long at) throws IOException {
        return new String(readExactly(n, at), StandardCharsets.UTF_8);
    }

    /** A GLOBAL operand: text up to a newline, at most 256 bytes. */
    private String readLine(long at) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = readByte();
            if (b == '\n') return sb.toString();
            if (sb.length() >= 256) throw error(at, "GLOBAL name longer than 256 bytes");
            sb.append((char) b);
        }
    }

    private WeightFileException error(long at, String what) {
        return new WeightFileException(source + ": pickle byte " + at + ": " + what);
    }
}
